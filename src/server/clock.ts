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
 * A clock that runs `speed` times faster than the wall clock, from `startMs` (default: now).
 * With speed 20, a 2 s tick interval passes in 100 ms of real time, and epochs still advance
 * in whole seconds, 2 apart, as on the real server.
 */
export function acceleratedClock(speed: number, startMs = Date.now()): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a positive number');
  const realStart = performance.now();
  return {
    now: () => startMs + (performance.now() - realStart) * speed,
    setTimeout: (callback, ms) => setTimeout(callback, Math.max(0, ms / speed)),
    clearTimeout: (handle) => clearTimeout(handle),
  };
}
