import type { Proposal } from '@deriv/api-types';
import type { ServerMessage } from './client.js';
import type { Contract } from './contract.js';
import { TypedEmitter } from './emitter.js';
import { StreamEndedError, TimeoutError, type DerivWsError } from './errors.js';
import type { StreamGap, Subscription } from './subscription.js';
import { startTimer, stopTimer } from './timers.js';

export interface ProposalStreamEvents {
  /** Each new price, with its proposal id. */
  price: Proposal;
  error: DerivWsError;
  end: undefined;
  gap: StreamGap;
}

/** What a price stream needs of the client: buying a proposal by id. */
export interface ProposalBuyer {
  buy(request: { proposalId: string; price: number }): Promise<Contract>;
  /** How long `buy()` waits for a price on a new connection. */
  readonly requestTimeoutMs: number;
}

/**
 * A subscribed price: `proposal` with `subscribe`, repriced on every tick. Iterate it for typed
 * prices or listen to `price`; `buy()` buys at the latest one. After a reconnect the server
 * names a new proposal id: until its first price has come, `buy()` waits for it rather than
 * send an id that connection never gave.
 */
export class ProposalStream extends TypedEmitter<ProposalStreamEvents> implements AsyncIterable<Proposal> {
  readonly #subscription: Subscription<ServerMessage>;
  readonly #buyer: ProposalBuyer;
  #latest: { proposal: Proposal; serverId: string | undefined } | undefined;
  #waiting: Array<{ resolve: (proposal: Proposal) => void; reject: (error: unknown) => void }> = [];
  #error: DerivWsError | undefined;

  /** @internal Made by `client.proposal()`. */
  constructor(buyer: ProposalBuyer, subscription: Subscription<ServerMessage>) {
    super();
    this.#buyer = buyer;
    this.#subscription = subscription;
    subscription.on('data', (message) => {
      const proposal = message.proposal as Proposal | undefined;
      if (!proposal) return;
      this.#latest = { proposal, serverId: message.subscription?.id };
      for (const waiter of this.#waiting.splice(0)) waiter.resolve(proposal);
      this.emit('price', proposal);
    });
    subscription.on('gap', (gap) => this.emit('gap', gap));
    subscription.on('error', (error) => {
      this.#error = error;
      this.emit('error', error);
    });
    subscription.on('end', () => {
      for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#endedError());
      this.emit('end', undefined);
      this.removeAllListeners();
    });
  }

  /** The latest price, if one has come. */
  get latest(): Proposal | undefined {
    return this.#latest?.proposal;
  }

  get ended(): boolean {
    return this.#subscription.ended;
  }

  /**
   * Buys at the latest price, with `maxPrice` as the most to pay (default: the ask). The server
   * uses the proposal up, so the stream ends once the buy is acknowledged; `proposal()` again
   * for more. A refused buy (`PriceMoved`, …) leaves it running.
   */
  async buy({ maxPrice, timeoutMs }: { maxPrice?: number; timeoutMs?: number } = {}): Promise<Contract> {
    const proposal = await this.#current(timeoutMs ?? this.#buyer.requestTimeoutMs);
    const contract = await this.#buyer.buy({ proposalId: proposal.id, price: maxPrice ?? proposal.ask_price });
    // Only now: forgetting the stream first would forget the id the buy names. A refused buy
    // leaves the stream running, to buy again at a later price.
    void this.#subscription.unsubscribe();
    return contract;
  }

  unsubscribe(): Promise<void> {
    return this.#subscription.unsubscribe();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Proposal> {
    for await (const message of this.#subscription) {
      const proposal = message.proposal as Proposal | undefined;
      if (proposal) yield proposal;
    }
  }

  /** The latest price given on the connection the client has now. */
  #current(timeoutMs: number): Promise<Proposal> {
    if (this.#subscription.ended) return Promise.reject(this.#endedError());
    const latest = this.#latest;
    if (latest && latest.serverId !== undefined && this.#subscription.serverIds.includes(latest.serverId))
      return Promise.resolve(latest.proposal);
    return new Promise((resolve, reject) => {
      // Nothing was sent yet: a buy that cannot get a price says so rather than wait for ever.
      const timer = startTimer(timeoutMs, () => {
        this.#waiting = this.#waiting.filter((waiter) => waiter !== entry);
        reject(new TimeoutError(timeoutMs, false));
      });
      const entry = {
        resolve: (proposal: Proposal) => {
          stopTimer(timer);
          resolve(proposal);
        },
        reject: (error: unknown) => {
          stopTimer(timer);
          reject(error);
        },
      };
      this.#waiting.push(entry);
    });
  }

  #endedError(): DerivWsError {
    return this.#error ?? new StreamEndedError('the price stream has ended: ask for a new proposal');
  }
}
