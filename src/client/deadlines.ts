import { monotonicNow, startTimer, stopTimer, type TimerHandle } from './timers.js';

/** Something with a deadline that may be settled before it. */
export interface Expiring {
  readonly deadline: number;
  /** True once the entry no longer needs its deadline (settled some other way). */
  readonly done: boolean;
}

/**
 * Fires `onExpire` for entries whose deadline passes, with one timer per distinct timeout
 * instead of one per call.
 *
 * Calls with the same timeout expire in the order they were made, so each timeout keeps a
 * FIFO and a single timer armed for its oldest entry. Settled entries are dropped from the
 * front as they reach it; replies mostly come in order, so the queues stay about as long as
 * the number of calls in flight. A per-call setTimeout/clearTimeout pair costs more than the
 * rest of a call's bookkeeping together.
 */
export class DeadlineQueues<T extends Expiring> {
  readonly #queues = new Map<number, { items: T[]; head: number; timer: TimerHandle | undefined }>();

  constructor(private readonly onExpire: (entry: T) => void) {}

  add(timeoutMs: number, entry: T): void {
    let queue = this.#queues.get(timeoutMs);
    if (!queue) this.#queues.set(timeoutMs, (queue = { items: [], head: 0, timer: undefined }));
    queue.items.push(entry);
    if (queue.timer === undefined) this.#arm(timeoutMs, queue);
  }

  /** Lets queues shed entries that settled, from the front. Call after settling one. */
  compact(timeoutMs: number): void {
    const queue = this.#queues.get(timeoutMs);
    if (!queue) return;
    while (queue.head < queue.items.length && queue.items[queue.head]!.done) queue.head++;
    this.#reclaim(queue);
  }

  /** Stops every timer; for when nothing is pending any more. */
  clear(): void {
    for (const queue of this.#queues.values()) stopTimer(queue.timer);
    this.#queues.clear();
  }

  #arm(timeoutMs: number, queue: { items: T[]; head: number; timer: TimerHandle | undefined }): void {
    const first = queue.items[queue.head];
    if (!first) return;
    queue.timer = startTimer(Math.max(0, first.deadline - monotonicNow()), () => {
      queue.timer = undefined;
      const now = monotonicNow();
      while (queue.head < queue.items.length) {
        const entry = queue.items[queue.head]!;
        if (!entry.done && entry.deadline > now) break;
        queue.head++;
        if (!entry.done) this.onExpire(entry);
      }
      this.#reclaim(queue);
      // An empty queue lets its timer lapse; the next call arms a new one.
      if (queue.head === queue.items.length) this.#queues.delete(timeoutMs);
      else this.#arm(timeoutMs, queue);
    });
  }

  /**
   * Drops consumed slots, so the array does not grow forever. An emptied queue keeps its
   * timer: one call at a time would otherwise arm and disarm a timer per call, the very
   * cost this class exists to avoid. The timer finds the queue empty and lapses.
   */
  #reclaim(queue: { items: T[]; head: number }): void {
    if (queue.head === queue.items.length) {
      queue.items.length = 0;
      queue.head = 0;
    } else if (queue.head > 1024 && queue.head * 2 > queue.items.length) {
      queue.items = queue.items.slice(queue.head);
      queue.head = 0;
    }
  }
}
