import type { AccountEvent, AccountListener } from './store.js';

/**
 * The listeners of a store's account events. A listener that throws is a bug in the listener:
 * the others still hear the event, and the error is rethrown on its own (uncaught, as an
 * EventEmitter's would be) rather than into the commit that announced it.
 */
export class AccountEvents {
  readonly #listeners = new Set<AccountListener>();

  on(listener: AccountListener): () => void {
    // Wrapped, so the same function added twice is two listeners, each removed by its own stop.
    const entry: AccountListener = (event) => listener(event);
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  emit(events: readonly AccountEvent[]): void {
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  }
}
