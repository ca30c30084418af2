import { OPTIONS_LIMITS } from '../../protocol/options-api.js';

/**
 * The new API's request rate, per connection: at most `limit` requests in any `windowMs`
 * (a sliding window, so a burst across a second's edge is counted whole). Only admitted
 * requests count: a client that keeps sending past the limit gets its requests back as it
 * slows down, not never.
 */
export class RequestRate {
  /** When the last `limit` admitted requests came, oldest at `#next`. */
  readonly #times: number[];
  #next = 0;

  constructor(
    readonly limit: number = OPTIONS_LIMITS.requestsPerSecond,
    readonly windowMs = 1_000,
  ) {
    this.#times = new Array<number>(limit).fill(-Infinity);
  }

  /** Counts a request at `now` (ms) and says whether it is within the limit. */
  admit(now: number): boolean {
    if (now - this.#times[this.#next]! < this.windowMs) return false;
    this.#times[this.#next] = now;
    this.#next = (this.#next + 1) % this.limit;
    return true;
  }
}
