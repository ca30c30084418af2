import { DEFAULT_RATE_LIMITS, rateBucketOf, type RateBucket, type RateLimits } from '../../protocol/rate-limits.js';

export interface RateLimitOptions {
  /** Budgets per bucket. Default: the numbers the real server publishes (180/min, 14 400/h, …). */
  limits?: Partial<RateLimits>;
  /** Window lengths. Defaults 60 000 and 3 600 000 ms; tests shorten them instead of sleeping. */
  minuteMs?: number;
  hourMs?: number;
}

interface Window {
  start: number;
  count: number;
}

interface Counters {
  minute: Window;
  hour: Window;
}

/**
 * Fixed windows of one minute and one hour per key and bucket, as the real server keeps them
 * in Redis: a window starts with its first call and every call counts, refused ones too.
 */
export class RateLimiter {
  readonly limits: RateLimits;
  readonly #minuteMs: number;
  readonly #hourMs: number;
  readonly #counters = new Map<string, Counters>();

  constructor(options: RateLimitOptions = {}) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
    this.#minuteMs = options.minuteMs ?? 60_000;
    this.#hourMs = options.hourMs ?? 3_600_000;
  }

  /** Counts a call; false when it is over a limit. */
  admit(key: string, call: string, now: number): boolean {
    const bucket = rateBucketOf(call);
    if (!bucket) return true;
    const counters = this.#countersFor(`${key}|${bucket}`, now);
    const limit = this.limits[bucket];
    roll(counters.minute, now, this.#minuteMs);
    roll(counters.hour, now, this.#hourMs);
    counters.minute.count++;
    counters.hour.count++;
    return counters.minute.count <= limit.minutely && counters.hour.count <= limit.hourly;
  }

  /** Drops the counters of a key that is gone (a closed connection). */
  forget(key: string): void {
    for (const bucket of ['general', 'outcome', 'pricing'] satisfies RateBucket[]) this.#counters.delete(`${key}|${bucket}`);
  }

  #countersFor(id: string, now: number): Counters {
    let counters = this.#counters.get(id);
    if (!counters) this.#counters.set(id, (counters = { minute: { start: now, count: 0 }, hour: { start: now, count: 0 } }));
    return counters;
  }
}

function roll(window: Window, now: number, length: number): void {
  if (now - window.start >= length) {
    window.start = now;
    window.count = 0;
  }
}
