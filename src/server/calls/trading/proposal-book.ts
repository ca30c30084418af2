import type { ConnectionSlot } from '../family.js';
import type { PricedTrade } from './trade-pricing.js';

/** A proposal a connection may buy: what was priced, and what it was priced at last. */
export interface Proposal {
  readonly id: string;
  /** The request's contract parameters in a canonical order: identical proposals have the same key. */
  readonly key: string;
  priced: PricedTrade;
  /** The stream's id when subscribed (the same as `id`). */
  readonly streamed: boolean;
}

/**
 * Proposals live per connection, as on the real server: an id is only good on the connection
 * that asked for it, is kept even without `subscribe` so that `buy` can name it, and is used up
 * by the buy. A connection keeps at most MAX_PROPOSALS; the oldest unsubscribed one goes first.
 */
export const MAX_PROPOSALS = 1_000;

export class ProposalBook {
  readonly #byId = new Map<string, Proposal>();
  readonly #byKey = new Map<string, Proposal>();

  get(id: string): Proposal | undefined {
    return this.#byId.get(id);
  }

  byKey(key: string): Proposal | undefined {
    return this.#byKey.get(key);
  }

  add(proposal: Proposal): void {
    if (this.#byId.size >= MAX_PROPOSALS) {
      for (const old of this.#byId.values()) {
        if (!old.streamed) {
          this.remove(old.id);
          break;
        }
      }
    }
    this.#byId.set(proposal.id, proposal);
    this.#byKey.set(proposal.key, proposal);
  }

  remove(id: string): Proposal | undefined {
    const proposal = this.#byId.get(id);
    if (!proposal) return undefined;
    this.#byId.delete(id);
    if (this.#byKey.get(proposal.key) === proposal) this.#byKey.delete(proposal.key);
    return proposal;
  }

  clear(): void {
    this.#byId.clear();
    this.#byKey.clear();
  }
}

/** The trading family's state on a connection: its proposals. */
export const proposalSlot: ConnectionSlot<ProposalBook> = {
  name: 'trading proposals',
  create: () => new ProposalBook(),
  teardown: (book) => book.clear(),
};
