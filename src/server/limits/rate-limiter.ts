import { DEFAULT_RATE_LIMITS, rateBucketOf, type RateLimits } from '../../protocol/rate-limits.js';

export interface RateLimitOptions {
  /** Budgets per bucket. Default: the numbers the real server publishes (180/min, 14 400/h, …). */
  limits?: Partial<RateLimits>;
  /** Window lengths. Defaults 60 000 and 3 600 000 ms; tests shorten them instead of sleeping. */
  minuteMs?: number;
  hourMs?: number;
  /**
   * Whose budget a call draws on. `client` (the default, as the real server): an unauthorized
   * connection shares one budget with every connection from its IP and User-Agent; an
   * authorized one draws on its account's. `connection`: each connection has its own.
   */
  per?: 'client' | 'connection';
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
  readonly per: 'client' | 'connection';
  readonly #minuteMs: number;
  readonly #hourMs: number;
  readonly #counters = new Map<string, Counters>();
  readonly #unauthorisedKeys = new WeakMap<object, string>();
  #admitted = 0;

  constructor(options: RateLimitOptions = {}) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
    this.per = options.per ?? 'client';
    this.#minuteMs = options.minuteMs ?? 60_000;
    this.#hourMs = options.hourMs ?? 3_600_000;
  }

  /**
   * The budget's key, as the real server builds it: `<app_id>/<loginid>` once authorized,
   * else `<app_id>/<ip>:<User-Agent hash>`.
   */
  keyFor(connection: { id: number; appId: string; remoteAddress: string; userAgent: string; auth: { loginid: string } | undefined }): string {
    if (this.per === 'connection') return `connection:${connection.id}`;
    if (connection.auth) return `authorised:${connection.appId}/${connection.auth.loginid}`;
    // A connection's address and User-Agent never change: hash once, not on every request.
    let key = this.#unauthorisedKeys.get(connection);
    if (key === undefined) {
      key = `unauthorised:${connection.appId}/${connection.remoteAddress}:${hashText(connection.userAgent)}`;
      this.#unauthorisedKeys.set(connection, key);
    }
    return key;
  }

  /** Counts a call; false when it is over a limit. */
  admit(key: string, call: string, now: number): boolean {
    const bucket = rateBucketOf(call);
    if (!bucket) return true;
    if (++this.#admitted % 10_000 === 0) this.#sweep(now);
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
    for (const bucket in this.limits) this.#counters.delete(`${key}|${bucket}`);
  }

  /** Drops counters whose hour window is over, so many clients over time do not grow memory. */
  #sweep(now: number): void {
    for (const [id, counters] of this.#counters) if (now - counters.hour.start >= this.#hourMs) this.#counters.delete(id);
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

/** FNV-1a, enough to keep a User-Agent out of the key's length. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}
