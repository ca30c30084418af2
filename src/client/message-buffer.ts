/**
 * What a subscription does when its consumer falls behind and the buffer is full.
 * - `drop-oldest`: keep the newest messages (right for prices: a stale tick is worth little).
 * - `drop-newest`: keep what is already queued, discard arrivals.
 * - `error`: end the iteration with a `BufferOverflowError` (right for event streams,
 *   where a silently missing message is worse than stopping).
 */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/**
 * A bounded FIFO. A ring over a fixed array, so a slow consumer costs at most `capacity`
 * slots however fast messages arrive.
 */
export class MessageBuffer<T> {
  #items: (T | undefined)[];
  #head = 0;
  #size = 0;
  /** Messages discarded because the buffer was full. */
  dropped = 0;

  constructor(
    readonly capacity: number,
    readonly policy: OverflowPolicy,
  ) {
    this.#items = [];
  }

  get size(): number {
    return this.#size;
  }

  /** Adds a message; returns false when the policy is `error` and there was no room. */
  push(item: T): boolean {
    if (this.#size === this.capacity) {
      if (this.policy === 'error') return false;
      this.dropped++;
      if (this.policy === 'drop-newest') return true;
      this.#items[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.capacity;
      this.#size--;
    }
    this.#items[(this.#head + this.#size) % this.capacity] = item;
    this.#size++;
    return true;
  }

  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.capacity;
    this.#size--;
    return item;
  }
}
