/**
 * A small typed event emitter. The client runs in browsers too, so it cannot use
 * `node:events`; and a dependency for forty lines would cost every browser bundle more than
 * it saves. Listener lists are created on first use and kept as arrays: a subscription with
 * no listeners costs one empty field, which matters at thousands of subscriptions.
 */
export type Listener<A> = (arg: A) => void;

type ListenerTable<Events> = { [E in keyof Events]?: Listener<never>[] };

export class TypedEmitter<Events extends object> {
  // A plain object rather than a Map: a handful of event names, far smaller per instance.
  #listeners: ListenerTable<Events> | undefined;

  /** Adds a listener and returns a function that removes it. */
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    this.#listeners ??= Object.create(null) as ListenerTable<Events>;
    const list = this.#listeners[event];
    if (list) list.push(listener as Listener<never>);
    else this.#listeners[event] = [listener as Listener<never>];
    return () => this.off(event, listener);
  }

  once<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    const off = this.on(event, (arg) => {
      off();
      listener(arg);
    });
    return off;
  }

  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    const list = this.#listeners?.[event];
    if (!list) return;
    const index = list.indexOf(listener as Listener<never>);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) delete this.#listeners![event];
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners?.[event]?.length ?? 0;
  }

  /**
   * Calls every listener. A listener that throws must not stop the others or break the
   * client's own bookkeeping, so its error is rethrown asynchronously, where the host reports it.
   */
  protected emit<E extends keyof Events>(event: E, arg: Events[E]): void {
    const list = this.#listeners?.[event];
    if (!list) return;
    for (const listener of list.length === 1 ? list : [...list]) {
      try {
        (listener as Listener<Events[E]>)(arg);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners = undefined;
  }
}
