import type { LedgerRow, Store } from '../store/store.js';

export type RowListener = (row: LedgerRow) => void;

/**
 * The store's committed rows, handed to the listeners of the row's account only: one store
 * listener for the whole server, so a row costs a map lookup, not a call per balance stream
 * of every account. It listens to the store only while someone listens to it, so a server
 * with no balance streams leaves the store's listeners as it found them.
 */
export class AccountFeed {
  readonly #listeners = new Map<string, Set<RowListener>>();
  #stopStore: (() => void) | undefined;

  constructor(private readonly store: Store) {}

  /** Calls `listener` with each row committed to `loginid` from now on. Returns the function that stops it. */
  onRow(loginid: string, listener: RowListener): () => void {
    let listeners = this.#listeners.get(loginid);
    if (!listeners) this.#listeners.set(loginid, (listeners = new Set()));
    // Wrapped, so the same function added twice is two listeners, each stopped on its own.
    const entry: RowListener = (row) => listener(row);
    listeners.add(entry);
    this.#stopStore ??= this.store.onAccountEvent((event) => {
      if (event.kind !== 'ledger-row') return;
      const heard = this.#listeners.get(event.row.loginid);
      if (heard) for (const listener of heard) listener(event.row);
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
