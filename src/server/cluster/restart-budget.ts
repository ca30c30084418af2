export interface RestartPolicy {
  /** Wait this long before replacing a dead worker, doubled for each restart in the last minute. */
  restartDelayMs: number;
  /** The longest wait before a replacement. */
  maxRestartDelayMs: number;
  /** Replacements in any one minute, in all. Past it a dead worker waits for the minute to allow one. */
  maxRestartsPerMinute: number;
}

/**
 * Our choice, in the spirit of systemd's and pm2's: a worker killed once is back at once; one
 * that keeps dying is retried less and less often, and at most ten times a minute, so a crash
 * loop costs little CPU and says so rather than spinning.
 */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  restartDelayMs: 100,
  maxRestartDelayMs: 5_000,
  maxRestartsPerMinute: 10,
};

const MINUTE_MS = 60_000;

/** The restarts of the last minute, and how long the next one must wait. */
export class RestartBudget {
  /** When each restart of the last minute was granted (performance.now). */
  readonly #granted: number[] = [];

  constructor(
    private readonly policy: RestartPolicy,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Restarts granted in the last minute. */
  get recent(): number {
    this.#forgetOld();
    return this.#granted.length;
  }

  /**
   * Grants a restart if the minute's budget allows one, and says how long it should wait
   * first (the backoff); undefined when the budget is spent.
   */
  grant(): number | undefined {
    const recent = this.recent;
    if (recent >= this.policy.maxRestartsPerMinute) return undefined;
    this.#granted.push(this.now());
    return Math.min(this.policy.maxRestartDelayMs, this.policy.restartDelayMs * 2 ** recent);
  }

  /** How long until the budget allows a restart again. */
  untilNextGrant(): number {
    this.#forgetOld();
    if (this.policy.maxRestartsPerMinute <= 0) return Infinity;
    if (this.#granted.length < this.policy.maxRestartsPerMinute) return 0;
    const oldest = this.#granted[this.#granted.length - this.policy.maxRestartsPerMinute]!;
    return Math.max(0, oldest + MINUTE_MS - this.now());
  }

  #forgetOld(): void {
    const since = this.now() - MINUTE_MS;
    while (this.#granted.length > 0 && this.#granted[0]! <= since) this.#granted.shift();
  }
}
