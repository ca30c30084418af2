/**
 * Time as the server sees it. Everything that waits (the market's ticks) asks the clock, so
 * tests and demos can run the market faster than the wall clock without changing a line.
 */
export interface Clock {
  /** Milliseconds since the epoch, in clock time. */
  now(): number;
  /** Runs `callback` after `ms` of clock time. */
  setTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimeout(handle: ReturnType<typeof setTimeout> | undefined): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

/**
 * Where a clock's time comes from: market time `marketMs` at wall time `wallMs`, running
 * `speed` times faster than the wall clock from then on. A database keeps one, so that a
 * restart carries on the same market timeline instead of jumping back to the wall clock.
 */
export interface ClockAnchor {
  readonly wallMs: number;
  readonly marketMs: number;
  readonly speed: number;
}

/** The market time an anchor gives at wall time `wallMs`. */
export function marketTimeAt(anchor: ClockAnchor, wallMs: number): number {
  return anchor.marketMs + (wallMs - anchor.wallMs) * anchor.speed;
}

/** A clock that can move onto a timeline kept elsewhere (a database's). */
export interface ResumableClock extends Clock {
  readonly speed: number;
  /** The timeline this clock runs on now. */
  anchor(): ClockAnchor;
  /**
   * Moves onto `from`'s timeline: the time goes on from where `from` has it now, at this clock's
   * own speed. Call it before anything waits on the clock (timers set earlier keep their delays).
   */
  resume(from: ClockAnchor): void;
}

export function isResumableClock(clock: Clock): clock is ResumableClock {
  return typeof (clock as Partial<ResumableClock>).resume === 'function';
}

/**
 * A clock that runs `speed` times faster than the wall clock, from `startMs` (default: now).
 * With speed 20, a 2 s tick interval passes in 100 ms of real time, and epochs still advance
 * in whole seconds, 2 apart, as on the real server.
 */
export function acceleratedClock(speed: number, startMs = Date.now()): ResumableClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a positive number');
  let anchor: ClockAnchor = { wallMs: Date.now(), marketMs: startMs, speed };
  // Time is measured on the monotonic clock; the anchor's wall time only places it.
  let baseMs = startMs;
  let realStart = performance.now();
  return {
    speed,
    now: () => baseMs + (performance.now() - realStart) * speed,
    setTimeout: (callback, ms) => setTimeout(callback, Math.max(0, ms / speed)),
    clearTimeout: (handle) => clearTimeout(handle),
    anchor: () => anchor,
    resume(from) {
      const wallMs = Date.now();
      baseMs = marketTimeAt(from, wallMs);
      realStart = performance.now();
      // The same speed keeps the same timeline, so every process on one database agrees on it.
      anchor = from.speed === speed ? from : { wallMs, marketMs: baseMs, speed };
    },
  };
}
