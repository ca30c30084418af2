import type { AccountEvent, ContractRecord, LedgerRow, Store } from '../store/store.js';

/** `contract`: the contract a buy or sell row is for, when the store's event carried it. */
export type RowListener = (row: LedgerRow, contract: ContractRecord | undefined) => void;
export type ContractListener = (contract: ContractRecord) => void;

type EventListener = (event: AccountEvent) => void;

const loginidOf = (event: AccountEvent) => (event.kind === 'ledger-row' ? event.row.loginid : event.contract.loginid);

/**
 * The store's committed events (ledger rows, contracts bought and sold), handed to the
 * listeners of the event's account only: one store listener for the whole server, so an event
 * costs a map lookup, not a call per stream of every account. It listens to the store only
 * while someone listens to it, so a server with no account streams leaves the store's
 * listeners as it found them.
 */
export class AccountFeed {
  readonly #listeners = new Map<string, Set<EventListener>>();
  #stopStore: (() => void) | undefined;

  constructor(private readonly store: Store) {}

  /** Calls `listener` with each row committed to `loginid` from now on. Returns the function that stops it. */
  onRow(loginid: string, listener: RowListener): () => void {
    return this.#on(loginid, (event) => event.kind === 'ledger-row' && listener(event.row, event.contract));
  }

  /** Calls `listener` with each contract of `loginid` bought or sold from now on, as committed. */
  onContract(loginid: string, listener: ContractListener): () => void {
    return this.#on(loginid, (event) => event.kind === 'contract' && listener(event.contract));
  }

  #on(loginid: string, entry: EventListener): () => void {
    let listeners = this.#listeners.get(loginid);
    if (!listeners) this.#listeners.set(loginid, (listeners = new Set()));
    // `entry` is a fresh function each call, so the same listener added twice is two, each stopped on its own.
    listeners.add(entry);
    this.#stopStore ??= this.store.onAccountEvent((event) => {
      const heard = this.#listeners.get(loginidOf(event));
      if (heard) for (const listener of heard) listener(event);
    });
    return () => {
      listeners.delete(entry);
      if (listeners.size === 0 && this.#listeners.get(loginid) === listeners) this.#listeners.delete(loginid);
      if (this.#listeners.size === 0) this.close();
    };
  }

  /** Stops listening to the store; everyone listening here hears nothing more. */
  close(): void {
    this.#stopStore?.();
    this.#stopStore = undefined;
    this.#listeners.clear();
  }
}
