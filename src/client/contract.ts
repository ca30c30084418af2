import type { Cancel, ContractUpdate, ProposalOpenContract, Sell } from '@deriv/api-types';
import type { ServerMessage } from './client.js';
import { TypedEmitter } from './emitter.js';
import { AbortError, type DerivWsError } from './errors.js';
import type { StreamGap, Subscription } from './subscription.js';

/** How a contract ended: what `settled` resolves with. */
export interface ContractSettlement {
  /** `won` or `lost` at expiry, `sold` when sold before it, `cancelled` when a multiplier's deal cancellation was used. */
  readonly status: 'won' | 'lost' | 'sold' | 'cancelled';
  /** What it was sold for: the payout or 0 at expiry, the bid when sold early, the stake when cancelled. */
  readonly sellPrice: number;
  /** sellPrice − buyPrice. */
  readonly profit: number;
  /** The exit tick's quote and time, when the contract reached one (a contract sold early has none). */
  readonly exitTick: number | undefined;
  readonly exitTickTime: number | undefined;
  /** The last `proposal_open_contract`: the contract as the server settled it. */
  readonly contract: ProposalOpenContract;
}

export interface ContractEvents {
  /** Each `proposal_open_contract` update, in order. */
  update: ProposalOpenContract;
  /** The contract was sold (at expiry or before it). `settled` resolves with the same. */
  settled: ContractSettlement;
  /** Following it failed (the server refused, or the buy's reply never came). `settled` rejects with the same. */
  error: DerivWsError;
  /** The connection dropped and the contract is followed again: updates between `from` and `to` were missed. */
  gap: StreamGap;
}

/** A multiplier's new take-profit and stop-loss, in the account's currency: `null` removes one, leaving it out keeps it. */
export interface LimitOrderUpdate {
  readonly takeProfit?: number | null;
  readonly stopLoss?: number | null;
}

/** What a contract handle sends through the client: its sale, its limit orders, its cancellation. */
export type ContractRequest =
  | { sell: number; price: number }
  | {
      contract_update: 1;
      contract_id: number;
      limit_order: { take_profit?: number | null | undefined; stop_loss?: number | null | undefined };
    }
  | { cancel: number };

/** The replies to a `ContractRequest`, by their keys. */
export interface ContractReplies {
  sell?: Sell;
  contract_update?: ContractUpdate;
  cancel?: Cancel;
}

/** What a contract handle needs of the client: sending its own requests, each money-moving (never sent twice). */
export interface ContractSeller {
  send(request: ContractRequest): Promise<ContractReplies>;
}

/** The terms fixed at purchase. */
interface Terms {
  readonly id: number;
  readonly buyPrice: number;
  readonly payout: number;
  readonly purchaseTime: number;
  readonly longcode: string;
  readonly transactionId: number | undefined;
}

const SOLD_STATUSES = ['won', 'lost', 'sold', 'cancelled'] as const;

/**
 * A bought contract you can hold, follow and sell. It follows the contract on the stream the
 * buy opened (`buy` with `subscribe`), which the client follows again by `contract_id` after a
 * reconnect and never buys again; a `gap` event says when. Iterate it for typed updates
 * (`for await`; `break` stops following), or listen to `update`; `settled` resolves once it is
 * sold, at expiry or by `sell()`. `unsubscribe()` stops following: the contract stays open on
 * the server, and `settled` rejects with `AbortError`.
 */
export class Contract extends TypedEmitter<ContractEvents> implements AsyncIterable<ProposalOpenContract> {
  readonly settled: Promise<ContractSettlement>;
  readonly #seller: ContractSeller;
  readonly #subscription: Subscription<ServerMessage>;
  #terms: Terms | undefined;
  #latest: ProposalOpenContract | undefined;
  #settlement: ContractSettlement | undefined;
  #settle!: { resolve: (settlement: ContractSettlement) => void; reject: (error: unknown) => void };
  /** Resolves when the stream has named the contract (its first message), or rejects with why it never will. */
  readonly #opened: Promise<void>;

  /** @internal Made by `client.buy()`, `client.contract()` and the lookups; resolve `opened()` before use. */
  constructor(seller: ContractSeller, subscription: Subscription<ServerMessage>) {
    super();
    this.#seller = seller;
    this.#subscription = subscription;
    this.settled = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    // Whoever never awaits `settled` must not see an unhandled rejection for it.
    this.settled.catch(() => {});
    this.#opened = new Promise<void>((resolve, reject) => {
      subscription.on('data', (message) => {
        this.#receive(message);
        if (this.#terms) resolve();
      });
      subscription.on('gap', (gap) => this.emit('gap', gap));
      subscription.on('error', (error) => {
        reject(error);
        if (this.#terms) this.emit('error', error);
        this.#settle.reject(error);
      });
      subscription.on('end', () => {
        const stopped = new AbortError(false, 'stopped following the contract: it stays open on the server');
        reject(stopped);
        if (!this.#settlement) this.#settle.reject(stopped);
        this.removeAllListeners();
      });
    });
    this.#opened.catch(() => {});
  }

  /** @internal Resolves with the handle once the contract is named; rejects with the error that ended the stream first. */
  async opened(): Promise<this> {
    await this.#opened;
    return this;
  }

  get id(): number {
    return this.#known().id;
  }
  get buyPrice(): number {
    return this.#known().buyPrice;
  }
  get payout(): number {
    return this.#known().payout;
  }
  /** Epoch seconds. */
  get purchaseTime(): number {
    return this.#known().purchaseTime;
  }
  get longcode(): string {
    return this.#known().longcode;
  }
  /** The buy's transaction id, when this handle made the buy (a contract looked up later may not know it). */
  get transactionId(): number | undefined {
    return this.#known().transactionId;
  }
  /** The latest `proposal_open_contract`, once one has come. */
  get latest(): ProposalOpenContract | undefined {
    return this.#latest;
  }
  /** Set once the contract is sold. */
  get settlement(): ContractSettlement | undefined {
    return this.#settlement;
  }

  /**
   * Sells the contract now, for at least `minPrice` (0, the default, takes the bid as it is).
   * Resolves with the server's `sell` reply; the handle then settles with status `sold`. Never
   * sent again after a drop: a sale is money-moving.
   */
  async sell({ minPrice = 0 }: { minPrice?: number } = {}): Promise<Sell> {
    const reply = await this.#seller.send({ sell: this.id, price: minPrice });
    return reply.sell!;
  }

  /**
   * Changes a multiplier's take-profit and stop-loss (`contract_update`): a number sets one, `null`
   * removes it, and one left out stays as it is. Resolves with the orders as the server now holds
   * them. Never sent again after a drop: the server may have applied it, and an order that closes
   * a contract moves money; `contract_update_history` tells what happened.
   */
  async update({ takeProfit, stopLoss }: LimitOrderUpdate): Promise<ContractUpdate> {
    if (takeProfit === undefined && stopLoss === undefined)
      throw new TypeError('update() needs takeProfit or stopLoss');
    // An order left out is `undefined`, which JSON leaves out: the server keeps it as it is.
    const limit_order = { take_profit: takeProfit, stop_loss: stopLoss };
    return (await this.#seller.send({ contract_update: 1, contract_id: this.id, limit_order })).contract_update!;
  }

  /**
   * Uses a multiplier's deal cancellation (`cancel`): the stake comes back, and the handle settles
   * with status `cancelled`. Only within the window bought with it. Never sent again after a drop.
   */
  async cancel(): Promise<Cancel> {
    return (await this.#seller.send({ cancel: this.id })).cancel!;
  }

  /** Stops following the contract; it stays open on the server (`client.contract(id)` follows it again). */
  unsubscribe(): Promise<void> {
    return this.#subscription.unsubscribe();
  }

  /** The latest update first (when one has come), then every update in order; ends after the sale. */
  async *[Symbol.asyncIterator](): AsyncIterator<ProposalOpenContract> {
    const start = this.#latest;
    const updates = this.#subscription[Symbol.asyncIterator]();
    if (start) yield start;
    if (this.#settlement) return;
    try {
      for (;;) {
        const next = await updates.next();
        if (next.done) return;
        const update = contractUpdate(next.value);
        if (update && update !== start) yield update;
      }
    } finally {
      // `break` in the caller's loop stops following, as a subscription's does.
      await updates.return?.();
    }
  }

  #known(): Terms {
    if (!this.#terms) throw new Error('the contract is not known yet: await client.buy() or client.contract()');
    return this.#terms;
  }

  #receive(message: ServerMessage): void {
    if (message.msg_type === 'buy') {
      const buy = message.buy as Record<string, unknown>;
      this.#terms ??= {
        id: buy.contract_id as number,
        buyPrice: buy.buy_price as number,
        payout: buy.payout as number,
        purchaseTime: buy.purchase_time as number,
        longcode: buy.longcode as string,
        transactionId: buy.transaction_id as number,
      };
      return;
    }
    const update = contractUpdate(message);
    if (!update) return;
    // The new API sends the money fields as strings; the handle's are numbers on both APIs.
    this.#terms ??= {
      id: update.contract_id!,
      buyPrice: Number(update.buy_price),
      payout: Number(update.payout),
      purchaseTime: update.purchase_time!,
      longcode: update.longcode!,
      transactionId: update.transaction_ids?.buy,
    };
    this.#latest = update;
    this.emit('update', update);
    if (update.is_sold === 1 && !this.#settlement) {
      this.#settlement = settlementOf(update);
      this.emit('settled', this.#settlement);
      this.#settle.resolve(this.#settlement);
    }
  }
}

function contractUpdate(message: ServerMessage): ProposalOpenContract | undefined {
  if (message.msg_type !== 'proposal_open_contract') return undefined;
  const update = message.proposal_open_contract as ProposalOpenContract | undefined;
  // `proposal_open_contract` for no contract answers `{}`.
  return update && typeof update.contract_id === 'number' ? update : undefined;
}

function settlementOf(update: ProposalOpenContract): ContractSettlement {
  const status = SOLD_STATUSES.find((candidate) => candidate === update.status) ?? 'sold';
  return {
    status,
    sellPrice: Number(update.sell_price ?? 0),
    profit: Number(update.profit ?? 0),
    exitTick: update.exit_tick,
    exitTickTime: update.exit_tick_time,
    contract: update,
  };
}
