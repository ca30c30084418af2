import { DEFAULT_RATE_LIMITS, type RateBucket, type RateLimits } from '../protocol/rate-limits.js';

export interface RatePacerOptions {
  limits?: Partial<RateLimits>;
  /** Window lengths; the server's are one minute and one hour. */
  minuteMs?: number;
  hourMs?: number;
}

/** The send times of the last `limit` calls, oldest first, in a ring. */
class SendLog {
  #times: Float64Array;
  #next = 0;
  #count = 0;

  constructor(readonly limit: number) {
    this.#times = new Float64Array(limit);
  }

  /** When the oldest of the last `limit` sends happened, if the log is full. */
  oldest(): number | undefined {
    return this.#count < this.limit ? undefined : this.#times[this.#next];
  }

  record(time: number): void {
    this.#times[this.#next] = time;
    this.#next = (this.#next + 1) % this.limit;
    this.#count = Math.min(this.#count + 1, this.limit);
  }

  /** The same sends, kept to a new limit (the newest ones survive). */
  resized(limit: number): SendLog {
    const log = new SendLog(limit);
    const kept = Math.min(this.#count, limit);
    for (let i = this.#count - kept; i < this.#count; i++)
      log.record(this.#times[(this.#next - this.#count + i + this.limit) % this.limit]!);
    return log;
  }
}

/**
 * Paces calls under Deriv's limits, so they wait instead of meeting `RateLimit`.
 *
 * The server counts in fixed windows that start with their first call, which the client
 * cannot see. So the pacer keeps a sliding window instead: no more than `limit` sends in any
 * window's length, which is within the limit of every fixed window the server could be
 * using. A small margin covers sends that reach the server closer together than they left.
 */
export class RatePacer {
  #logs = new Map<RateBucket, { minute: SendLog; hour: SendLog }>();
  #limits: RateLimits;
  readonly #minuteMs: number;
  readonly #hourMs: number;

  constructor(options: RatePacerOptions = {}) {
    this.#limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
    this.#minuteMs = options.minuteMs ?? 60_000;
    this.#hourMs = options.hourMs ?? 3_600_000;
  }

  get limits(): RateLimits {
    return this.#limits;
  }

  /** Takes new limits (from `website_status`), keeping what was already sent. */
  update(limits: RateLimits): void {
    this.#limits = limits;
    for (const [bucket, logs] of this.#logs) {
      const { minutely, hourly } = limits[bucket];
      this.#logs.set(bucket, {
        minute: logs.minute.limit === minutely ? logs.minute : logs.minute.resized(Math.max(1, minutely)),
        hour: logs.hour.limit === hourly ? logs.hour : logs.hour.resized(Math.max(1, hourly)),
      });
    }
  }

  /** Milliseconds until one more call of this bucket may be sent (0: now). */
  delayFor(bucket: RateBucket, now: number): number {
    const logs = this.#logsOf(bucket);
    return Math.max(wait(logs.minute, this.#minuteMs, now), wait(logs.hour, this.#hourMs, now));
  }

  record(bucket: RateBucket, now: number): void {
    const logs = this.#logsOf(bucket);
    logs.minute.record(now);
    logs.hour.record(now);
  }

  #logsOf(bucket: RateBucket): { minute: SendLog; hour: SendLog } {
    let logs = this.#logs.get(bucket);
    if (!logs) {
      const { minutely, hourly } = this.#limits[bucket];
      this.#logs.set(
        bucket,
        (logs = { minute: new SendLog(Math.max(1, minutely)), hour: new SendLog(Math.max(1, hourly)) }),
      );
    }
    return logs;
  }
}

function wait(log: SendLog, windowMs: number, now: number): number {
  const oldest = log.oldest();
  if (oldest === undefined) return 0;
  const margin = Math.min(1_000, windowMs * 0.02);
  return Math.max(0, oldest + windowMs + margin - now);
}

/**
 * The new API's pacing: every request of a connection draws on one budget (OPTIONS_LIMITS,
 * 100 per second), whatever v3 bucket its call is in.
 */
export class OneBudgetPacer extends RatePacer {
  constructor(perSecond: number) {
    const budget = { minutely: perSecond, hourly: perSecond };
    super({ limits: { general: budget, outcome: budget, pricing: budget }, minuteMs: 1_000, hourMs: 1_000 });
  }
  override delayFor(_bucket: RateBucket, now: number): number {
    return super.delayFor('general', now);
  }
  override record(_bucket: RateBucket, now: number): void {
    super.record('general', now);
  }
}
