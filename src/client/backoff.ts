/** How long to wait before reconnect attempt `attempt` (1 for the first retry). */
export type RetryDelay = (attempt: number) => number;

export interface BackoffOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1); injectable so tests can check the jitter. Default `Math.random`. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter, drawn afresh for every attempt: attempt n waits a
 * uniformly random time between `minDelayMs` and `min(maxDelayMs, minDelayMs · 2^n)`. The
 * jitter spreads a crowd of clients that lost the same server over the whole window instead
 * of sending them back together; the floor keeps each client under Deriv's one new
 * connection per second per IP.
 */
export function fullJitterBackoff({ minDelayMs, maxDelayMs, random = Math.random }: BackoffOptions): RetryDelay {
  return (attempt) => {
    const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt, 30));
    return minDelayMs + random() * Math.max(0, ceiling - minDelayMs);
  };
}
