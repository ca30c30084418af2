import type { AccountEvent } from '../store.js';

/**
 * Announces each write's events in the order the writes were sent. Redis runs one
 * connection's commands in the order they arrive and answers in that order, so send order is
 * commit order; this only keeps the announcements in it when the writes' own continuations
 * (one with an extra step, say) resume in another order. A write that fails still hands its
 * ticket back, with no events, so the ones after it are not held up.
 */
export class CommitOrder {
  readonly #emit: (events: readonly AccountEvent[]) => void;
  readonly #done = new Map<number, readonly AccountEvent[]>();
  #sent = 0;
  #announced = 0;

  constructor(emit: (events: readonly AccountEvent[]) => void) {
    this.#emit = emit;
  }

  /** Taken just before the write is sent; call what it returns once, with the write's events. */
  ticket(): (events: readonly AccountEvent[]) => void {
    const number = this.#sent++;
    return (events) => {
      this.#done.set(number, events);
      for (let next = this.#done.get(this.#announced); next; next = this.#done.get(this.#announced)) {
        this.#done.delete(this.#announced++);
        this.#emit(next);
      }
    };
  }
}
