import type { Clock } from '../../src/server/clock.js';

type Handle = ReturnType<typeof setTimeout>;

/**
 * A clock that moves only when the test says so: `advance(ms)` runs every timer due on the way,
 * in time order, at its own time. So a test can buy in one second and sell in the next, or let
 * a contract expire with nothing settling it until it asks.
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  /** Starts at `startMs` (default: the wall clock's whole second now, plus 100 ms). */
  constructor(startMs = Math.floor(Date.now() / 1000) * 1000 + 100) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): Handle {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return id as unknown as Handle;
  }

  clearTimeout(handle: Handle | undefined): void {
    if (handle !== undefined) this.#timers.delete(handle as unknown as number);
  }

  /** Moves time on by `ms`, running each timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].callback();
    }
    this.#now = end;
  }

  /** Moves time on by `ms` and runs no timer: they run, late, on the next `advance` (a server too busy to wake). */
  jump(ms: number): void {
    this.#now += ms;
  }

  /** Moves time to `epochSeconds` and `ms` into that second. */
  advanceTo(epochSeconds: number, ms = 100): void {
    this.advance(Math.max(0, epochSeconds * 1000 + ms - this.#now));
  }
}
