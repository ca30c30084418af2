import type { CallBudget } from '../../protocol/limits.js';

/** Calls counted so far in a key's current one-minute and one-hour windows. */
export interface WindowCounts {
  readonly minute: number;
  readonly hour: number;
}

/**
 * The window tables a store keeps apart. `calls` is keyed as the real server keys budgets,
 * partly by what a client chooses (app id, User-Agent); `failed-authorizations` by IP alone.
 * Apart, a flood of made-up keys in the one cannot push the other's entries out.
 */
export type WindowTable = 'calls' | 'failed-authorizations';

/**
 * Where the server's shared limits are counted: in this process, in a cluster's primary
 * (over IPC, for workers on one SQLite file), or in Redis (a fleet's nodes, and their workers). The in-process store answers at once,
 * the others with a promise; callers take either, so the single process pays for no promise.
 */
export interface LimitStore {
  /**
   * Adds `weight` (negative gives back) to both fixed windows of `key`, opening a fresh window
   * where one has run out, and returns the counts after it.
   */
  count(table: WindowTable, key: string, weight: number): WindowCounts | Promise<WindowCounts>;
  /** Takes one of `ip`'s connection places if fewer than `max` are taken; false when none is left. */
  takeConnection(ip: string, max: number): boolean | Promise<boolean>;
  /** Gives back a place that `takeConnection` took. */
  releaseConnection(ip: string): void;
}

export function withinBudget(counts: WindowCounts, budget: CallBudget): boolean {
  return counts.minute <= budget.minutely && counts.hour <= budget.hourly;
}

/**
 * A shared store that could not answer (Redis unreachable, or silent past its deadline). The
 * call it was counting for is refused with it rather than let through: the budget cannot be
 * checked, and a fleet whose Redis is gone would otherwise drop every limit at once.
 */
export class LimitStoreUnavailable extends Error {
  readonly code = 'LimitStoreUnavailable';
  constructor(cause: unknown) {
    super(`the rate-limit store did not answer: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
