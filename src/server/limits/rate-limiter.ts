import type { CallBudget } from '../../protocol/limits.js';
import { DEFAULT_RATE_LIMITS, rateBucketOf, type RateLimits } from '../../protocol/rate-limits.js';
import { withinBudget, type LimitStore, type WindowCounts } from './limit-store.js';
import { MemoryLimitStore } from './memory-limit-store.js';
import { addressKey } from './address-key.js';

export interface RateLimitOptions {
  /** Budgets per bucket. Default: the numbers the real server publishes (180/min, 14 400/h, …). */
  limits?: Partial<RateLimits>;
  /**
   * Failed `authorize` calls from one IP address, whatever its app ids and User-Agents; past
   * it every `authorize` from that address is refused with `RateLimit` until the window ends.
   * Default 20 a minute and 200 an hour (`DEFAULT_FAILED_AUTHORIZATIONS`).
   */
  failedAuthorizations?: CallBudget;
  /** Window lengths. Defaults 60 000 and 3 600 000 ms; tests shorten them instead of sleeping. */
  minuteMs?: number;
  hourMs?: number;
  /** Keys remembered per table, least recently used dropped first. Default 100 000. */
  maxKeys?: number;
  /**
   * Whose budget a call draws on. `client` (the default, as the real server): an unauthorized
   * connection shares one budget with every connection from its IP and User-Agent; an
   * authorized one draws on its account's. `connection`: each connection has its own.
   */
  per?: 'client' | 'connection';
}

/**
 * Our choice; the real server's number is not published. A person who mistypes a token
 * never meets it; a script that guesses tokens gets 20 a minute, not 1 680.
 */
export const DEFAULT_FAILED_AUTHORIZATIONS: CallBudget = { minutely: 20, hourly: 200 };

/** What `authorize` asks before it looks a token up. */
export interface AuthorizationThrottle {
  /**
   * Counts an attempt from `ip` before it is made, so attempts at the same moment cannot all
   * slip under the budget; false when the budget is spent (the attempt is refused).
   */
  attempt(ip: string): boolean | Promise<boolean>;
  /** The attempt succeeded: not a failure, so it is given back. */
  succeeded(ip: string): void;
}

/** The connection as the limiter sees it. */
export interface RateLimitedConnection {
  readonly id: number;
  readonly appId: string;
  readonly remoteAddress: string;
  readonly userAgent: string;
  readonly auth: { loginid: string } | undefined;
}

/**
 * The rate limits: which budget a call draws on, and whether it is within it. The counting
 * is the store's (this process's memory, the cluster's primary, later Redis); every call
 * counts, refused ones too, as on the real server.
 */
export class RateLimiter implements AuthorizationThrottle {
  readonly limits: RateLimits;
  readonly failedAuthorizations: CallBudget;
  readonly per: 'client' | 'connection';
  readonly #shared: LimitStore;
  /** A connection's own budget lives where the connection does, never farther. */
  readonly #own: MemoryLimitStore | undefined;
  readonly #unauthorisedKeys = new WeakMap<object, string>();

  constructor(options: RateLimitOptions, shared: LimitStore, now: () => number) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
    this.failedAuthorizations = options.failedAuthorizations ?? DEFAULT_FAILED_AUTHORIZATIONS;
    this.per = options.per ?? 'client';
    this.#shared = shared;
    if (this.per === 'connection') this.#own = new MemoryLimitStore({ ...windowOptions(options), now });
  }

  /**
   * The budget's key, as the real server builds it: `<app_id>/<loginid>` once authorized,
   * else `<app_id>/<ip>:<User-Agent hash>`.
   */
  keyFor(connection: RateLimitedConnection): string {
    if (this.per === 'connection') return `connection:${connection.id}`;
    if (connection.auth) return `authorised:${connection.appId}/${connection.auth.loginid}`;
    // A connection's address and User-Agent never change: hash once, not on every request.
    let key = this.#unauthorisedKeys.get(connection);
    if (key === undefined) {
      key = `unauthorised:${connection.appId}/${addressKey(connection.remoteAddress)}:${hashText(connection.userAgent)}`;
      this.#unauthorisedKeys.set(connection, key);
    }
    return key;
  }

  /** Counts a call; false when it is over a limit. At once in process, a promise when the store is elsewhere. */
  admit(connection: RateLimitedConnection, call: string): boolean | Promise<boolean> {
    const bucket = rateBucketOf(call);
    if (!bucket) return true;
    const budget = this.limits[bucket];
    const counts = (this.#own ?? this.#shared).count('calls', `${this.keyFor(connection)}|${bucket}`, 1);
    return counts instanceof Promise
      ? counts.then((after) => withinBudget(after, budget))
      : withinBudget(counts, budget);
  }

  attempt(ip: string): boolean | Promise<boolean> {
    const budget = this.failedAuthorizations;
    const counts: WindowCounts | Promise<WindowCounts> = this.#shared.count('failed-authorizations', ip, 1);
    return counts instanceof Promise
      ? counts.then((after) => withinBudget(after, budget))
      : withinBudget(counts, budget);
  }

  succeeded(ip: string): void {
    const counts = this.#shared.count('failed-authorizations', ip, -1);
    // Nobody waits for a give-back; a store that cannot take it leaves the attempt counted.
    if (counts instanceof Promise) counts.catch(() => {});
  }

  /** Drops the budget of a connection that has closed, when connections have their own. */
  connectionClosed(connection: RateLimitedConnection): void {
    if (!this.#own) return;
    for (const bucket in this.limits) this.#own.forget('calls', `${this.keyFor(connection)}|${bucket}`);
  }
}

/** The store options that follow from the rate-limit options. */
export function windowOptions(options: RateLimitOptions): { minuteMs?: number; hourMs?: number; maxKeys?: number } {
  return {
    ...(options.minuteMs !== undefined ? { minuteMs: options.minuteMs } : {}),
    ...(options.hourMs !== undefined ? { hourMs: options.hourMs } : {}),
    ...(options.maxKeys !== undefined ? { maxKeys: options.maxKeys } : {}),
  };
}

/** FNV-1a, enough to keep a User-Agent out of the key's length. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}
