import type { DerivClient } from '../src/client/index.js';
import { proposalRequest } from './contract-order.js';
import { describeError } from './describe-error.js';
import { money } from './money.js';
import { type Price, ProposalFeed } from './proposal-feed.js';
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
  duration: HTMLInputElement;
  durationUnit: HTMLSelectElement;
  stake: HTMLInputElement;
  askPrice: HTMLElement;
  payout: HTMLElement;
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
  readonly currency: string;
}

/**
 * The order form: contract type, duration and stake on the chart's symbol, its live price (a
 * subscribed proposal, asked for again whenever the order changes) and the Buy button, which
 * buys the price shown. A refused proposal or buy shows the server's own message.
 */
export class TradePanel {
  readonly #elements: TradePanelElements;
  readonly #actions: TradePanelActions;
  #desk: Desk | undefined;
  #symbol: string | undefined;
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
    this.#showDigitField();
    this.#render();
  }

  /** Trades on this client's authorized account from now on, or on none (`undefined`). */
  trade(client: DerivClient | undefined, currency = 'USD'): void {
    void this.#desk?.feed.stop();
    this.#desk = client
      ? {
          currency,
          feed: new ProposalFeed(client, {
            price: (price) => this.#showPrice(price),
            refused: (error) => this.#refused(error),
          }),
        }
      : undefined;
    this.#reprice(true);
  }

  /** The symbol the chart shows, which is the one the panel trades. */
  setSymbol(symbol: string): void {
    this.#symbol = symbol;
    this.#elements.symbol.textContent = symbol;
    this.#reprice();
  }

  /** Asks for the price of the order the fields describe, unless it is the one asked for already (`again` asks anyway). */
  #reprice(again = false): void {
    clearTimeout(this.#typing);
    this.#showDigitField();
    const desk = this.#desk;
    if (!desk || this.#symbol === undefined) {
      this.#asked = undefined;
      this.#clearPrice('');
      return;
    }
    const { contractType, digit, duration, durationUnit, stake } = this.#elements;
    const order = proposalRequest(
      {
        contractType: contractType.value,
        digit: this.#takesDigit() ? digit.value : undefined,
        duration: duration.value,
        durationUnit: durationUnit.value,
        stake: stake.value,
      },
      this.#symbol,
      desk.currency,
    );
    const key = order.ok ? JSON.stringify(order.request) : order.problem;
    if (key === this.#asked && !again) return;
    this.#asked = key;
    if (!order.ok) {
      void desk.feed.stop();
      this.#clearPrice(order.problem, 'problem');
      return;
    }
    this.#clearPrice('pricing…');
    void desk.feed.show(order.request);
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
    const { fields, hint, askPrice, payout, longcode, buy } = this.#elements;
    const price = this.#price;
    fields.disabled = !this.#desk;
    hint.hidden = this.#desk !== undefined;
    askPrice.textContent = price ? money(price.askPrice) : '—';
    payout.textContent = price ? money(price.payout) : '—';
    longcode.textContent = price?.longcode ?? '';
    buy.disabled = !price || this.#buying;
  }

  #takesDigit(): boolean {
    return this.#elements.contractType.selectedOptions[0]?.dataset.digit !== undefined;
  }

  #showDigitField(): void {
    this.#elements.digitField.hidden = !this.#takesDigit();
  }
}
