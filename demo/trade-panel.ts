import type { DerivClient } from '../src/client/index.js';
import { type ApiDialect, V3_DIALECT } from './api-dialect.js';
import { type ContractKind, contractKind, type OrderFields, proposalRequest } from './contract-order.js';
import { describeError } from './describe-error.js';
import { money } from './money.js';
import { type Price, ProposalFeed } from './proposal-feed.js';
import { fillRangeChoices } from './range-choices.js';
import { type SymbolOffer, SymbolOffers } from './symbol-offer.js';
import type { BuyReceipt, PricedProposal } from './trading-calls.js';

/** Typing in a number field reprices once it pauses, not on every key (each reprice is a forget and a proposal). */
const TYPING_PAUSE_MS = 300;

export interface TradePanelElements {
  form: HTMLFormElement;
  fields: HTMLFieldSetElement;
  hint: HTMLElement;
  symbol: HTMLElement;
  contractType: HTMLSelectElement;
  digitField: HTMLElement;
  digit: HTMLSelectElement;
  /** The price's figures: each `[data-figure]` inside shows the figure of that name. */
  price: HTMLElement;
  askPrice: HTMLElement;
  longcode: HTMLElement;
  buy: HTMLButtonElement;
  status: HTMLElement;
}

export interface TradePanelActions {
  /** Buys the proposal; resolves once the server has bought it, rejects with its refusal. */
  buy(proposal: PricedProposal): Promise<BuyReceipt>;
}

/** The authorized connection the panel trades on. */
interface Desk {
  readonly feed: ProposalFeed;
  readonly offers: SymbolOffers;
  readonly currency: string;
  /** The session's API: its proposals go out in its terms. */
  readonly dialect: ApiDialect;
}

/**
 * The order form: a contract type on the chart's symbol, the fields of its kind (a binary's
 * duration, a multiplier's multiplier, limit orders and deal cancellation: the elements with the
 * kind's `data-kind`), the stake, its live price (a subscribed proposal, asked for again
 * whenever the order changes) and the Buy button, which buys the price shown. The choices a
 * symbol offers (`<select data-range>`) come from its `contracts_for`. A refused proposal or buy
 * shows the server's own message.
 */
export class TradePanel {
  readonly #elements: TradePanelElements;
  readonly #actions: TradePanelActions;
  #desk: Desk | undefined;
  #symbol: string | undefined;
  /** The chart symbol's offer, once `contracts_for` has answered for it. */
  #offer: { symbol: string; rows: SymbolOffer } | undefined;
  /** The symbol whose offer is on its way, so it is asked for once. */
  #offerAsked: string | undefined;
  /** The offer the range choices were filled from: filled again only when the symbol or the type changes. */
  #filledFrom: string | undefined;
  #price: Price | undefined;
  #buying = false;
  /** The order last asked for, so a `change` after the `input` that already repriced does nothing. */
  #asked: string | undefined;
  #typing: ReturnType<typeof setTimeout> | undefined;

  constructor(elements: TradePanelElements, actions: TradePanelActions) {
    this.#elements = elements;
    this.#actions = actions;
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#buy();
    });
    elements.form.addEventListener('change', () => this.#reprice());
    elements.form.addEventListener('input', () => {
      clearTimeout(this.#typing);
      this.#typing = setTimeout(() => this.#reprice(), TYPING_PAUSE_MS);
    });
    this.#showKind();
    this.#render();
  }

  /** Trades on this client's authorized account from now on, or on none (`undefined`). */
  trade(client: DerivClient | undefined, currency = 'USD', dialect: ApiDialect = V3_DIALECT): void {
    void this.#desk?.feed.stop();
    this.#desk = client
      ? {
          currency,
          dialect,
          offers: new SymbolOffers(client),
          feed: new ProposalFeed(client, {
            price: (price) => this.#showPrice(price),
            refused: (error) => this.#refused(error),
          }),
        }
      : undefined;
    this.#offer = undefined;
    this.#offerAsked = undefined;
    this.#filledFrom = undefined;
    this.#loadOffer();
    this.#reprice(true);
  }

  /** The symbol the chart shows, which is the one the panel trades. */
  setSymbol(symbol: string): void {
    this.#symbol = symbol;
    this.#elements.symbol.textContent = symbol;
    this.#loadOffer();
    this.#reprice();
  }

  /** Asks for the symbol's `contracts_for`, and prices again once it has come. */
  #loadOffer(): void {
    const desk = this.#desk;
    const symbol = this.#symbol;
    if (!desk || symbol === undefined || this.#offer?.symbol === symbol || this.#offerAsked === symbol) return;
    this.#offerAsked = symbol;
    const settle = () => {
      const current = desk === this.#desk && symbol === this.#symbol;
      if (this.#offerAsked === symbol) this.#offerAsked = undefined;
      return current;
    };
    desk.offers.of(symbol).then(
      (rows) => {
        if (!settle()) return;
        this.#offer = { symbol, rows };
        this.#reprice(true);
      },
      // Asked again at the next change of order.
      (error: unknown) => settle() && this.#clearPrice(describeError(error), 'problem'),
    );
  }

  /** Asks for the price of the order the fields describe, unless it is the one asked for already (`again` asks anyway). */
  #reprice(again = false): void {
    clearTimeout(this.#typing);
    const kind = this.#showKind();
    const desk = this.#desk;
    const symbol = this.#symbol;
    if (!desk || symbol === undefined) {
      this.#asked = undefined;
      this.#clearPrice('');
      return;
    }
    const kindFields = this.#kindFields(kind);
    if (kindFields?.querySelector('select[data-range]')) {
      const offer = this.#offer?.symbol === symbol ? this.#offer.rows : undefined;
      if (!offer) {
        this.#asked = undefined;
        void desk.feed.stop();
        this.#clearPrice('pricing…');
        this.#loadOffer();
        return;
      }
      this.#fillChoices(kindFields, symbol, offer);
    }
    const order = proposalRequest(kind, this.#fields(), symbol, desk.currency);
    const key = order.ok ? JSON.stringify(order.request) : order.problem;
    if (key === this.#asked && !again) return;
    this.#asked = key;
    if (!order.ok) {
      void desk.feed.stop();
      this.#clearPrice(order.problem, 'problem');
      return;
    }
    this.#clearPrice('pricing…');
    void desk.feed.show(desk.dialect.proposal(order.request));
  }

  /** The choices in the kind's fields, from the chosen contract type's row of the symbol's offer. */
  #fillChoices(kindFields: HTMLElement, symbol: string, offer: SymbolOffer): void {
    const contractType = this.#elements.contractType.value;
    const source = `${symbol} ${contractType}`;
    if (source === this.#filledFrom) return;
    this.#filledFrom = source;
    fillRangeChoices(kindFields, offer.get(contractType));
  }

  /** The fields of the kind chosen, by name: the form leaves out the disabled ones, which are the other kinds'. */
  #fields(): OrderFields {
    const fields: Record<string, string> = {};
    new FormData(this.#elements.form).forEach((value, name) => {
      if (typeof value === 'string') fields[name] = value;
    });
    return fields;
  }

  async #buy(): Promise<void> {
    const price = this.#price;
    if (!price || this.#buying) return;
    this.#buying = true;
    this.#setStatus(`buying at ${money(price.askPrice)}…`);
    this.#render();
    try {
      const { contract_id, buy_price } = await this.#actions.buy(price);
      this.#setStatus(`Bought contract ${contract_id} for ${money(buy_price)}.`);
    } catch (error) {
      this.#setStatus(describeError(error), 'problem');
    } finally {
      // A proposal is used up by its buy, bought or refused: the next buy needs a fresh one.
      // Asked for while still buying, so the buy's outcome stays on show instead of "pricing…".
      this.#price = undefined;
      this.#reprice(true);
      this.#buying = false;
      this.#render();
    }
  }

  #showPrice(price: Price): void {
    this.#price = price;
    // A buy's outcome stays on show until the next change of order; "pricing…" does not.
    if (this.#elements.status.dataset.status === 'pending') this.#setStatus('');
    this.#render();
  }

  #refused(error: unknown): void {
    this.#clearPrice(describeError(error), 'problem');
  }

  #clearPrice(status: string, kind: 'pending' | 'problem' = 'pending'): void {
    this.#price = undefined;
    if (!this.#buying) this.#setStatus(status, kind);
    this.#render();
  }

  #setStatus(text: string, kind: 'pending' | 'problem' | 'info' = 'info'): void {
    const { status } = this.#elements;
    status.textContent = text;
    status.dataset.status = kind;
    status.hidden = text === '';
  }

  #render(): void {
    const { fields, hint, price: figures, askPrice, longcode, buy } = this.#elements;
    const price = this.#price;
    fields.disabled = !this.#desk;
    hint.hidden = this.#desk !== undefined;
    askPrice.textContent = price ? money(price.askPrice) : '—';
    for (const figure of Array.from(figures.querySelectorAll<HTMLElement>('[data-figure]')))
      figure.textContent = price?.figures[figure.dataset.figure!] ?? '—';
    longcode.textContent = price?.longcode ?? '';
    buy.disabled = !price || this.#buying;
  }

  /**
   * Shows the elements of the chosen contract type's kind and hides the others'; a hidden
   * fieldset is disabled too, so the form leaves its fields out. Returns the kind.
   */
  #showKind(): ContractKind {
    const { form, contractType, digitField, digit } = this.#elements;
    const option = contractType.selectedOptions[0];
    const kind = contractKind(option?.dataset.kind);
    for (const element of Array.from(form.querySelectorAll<HTMLElement>(':not(option)[data-kind]'))) {
      element.hidden = element.dataset.kind !== kind;
      if (element instanceof HTMLFieldSetElement) element.disabled = element.hidden;
    }
    // The digit belongs to some binaries only (`data-digit` on their option).
    const takesDigit = option?.dataset.digit !== undefined;
    digit.disabled = !takesDigit;
    digitField.hidden = !takesDigit;
    return kind;
  }

  /** The fieldset of the kind's own fields, if it has one. */
  #kindFields(kind: ContractKind): HTMLFieldSetElement | null {
    return this.#elements.form.querySelector<HTMLFieldSetElement>(`fieldset[data-kind="${kind}"]`);
  }
}
