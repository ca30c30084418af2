import { CALLS } from './calls.js';
import { API_CALL_LIMITS, type CallBudget } from './limits.js';

/**
 * The rate-limit budgets of v3, as `website_status.api_call_limits` publishes them
 * (docs/PROTOCOL-NOTES.md, "Request pipeline"). Each call draws on one budget, the call
 * table's `b` column; `ping` and `time` on none.
 * - `general`: every other call (`max_requestes_general`).
 * - `outcome`: portfolio, statement, profit_table, reality_check (`max_requests_outcome`,
 *   the server's `websocket_call_expensive`).
 * - `pricing`: proposal and proposal_open_contract (`max_requests_pricing`).
 */
export type RateBucket = 'general' | 'outcome' | 'pricing';

export type RateLimits = Readonly<Record<RateBucket, CallBudget>>;

export const DEFAULT_RATE_LIMITS: RateLimits = {
  general: {
    minutely: API_CALL_LIMITS.max_requestes_general.minutely,
    hourly: API_CALL_LIMITS.max_requestes_general.hourly,
  },
  outcome: {
    minutely: API_CALL_LIMITS.max_requests_outcome.minutely,
    hourly: API_CALL_LIMITS.max_requests_outcome.hourly,
  },
  pricing: {
    minutely: API_CALL_LIMITS.max_requests_pricing.minutely,
    hourly: API_CALL_LIMITS.max_requests_pricing.hourly,
  },
};

/**
 * The budget a call draws on, or undefined for the calls that are not limited. A call the
 * table does not know (one a script added) draws on the general budget.
 */
export function rateBucketOf(call: string): RateBucket | undefined {
  const info = CALLS.get(call);
  return info ? info.budget : 'general';
}

/** The limits a `website_status` reply publishes, or undefined if it has none we can read. */
export function limitsFromWebsiteStatus(status: unknown): RateLimits | undefined {
  const limits = (status as { api_call_limits?: Record<string, { minutely?: unknown; hourly?: unknown }> } | undefined)
    ?.api_call_limits;
  if (!limits) return undefined;
  const budget = (entry: { minutely?: unknown; hourly?: unknown } | undefined): CallBudget | undefined =>
    entry &&
    typeof entry.minutely === 'number' &&
    typeof entry.hourly === 'number' &&
    entry.minutely > 0 &&
    entry.hourly > 0
      ? { minutely: entry.minutely, hourly: entry.hourly }
      : undefined;
  const general = budget(limits.max_requestes_general);
  const outcome = budget(limits.max_requests_outcome);
  const pricing = budget(limits.max_requests_pricing);
  return general && outcome && pricing ? { general, outcome, pricing } : undefined;
}

/** Those limits in the shape of `website_status.api_call_limits`. */
export function publishedLimits(limits: RateLimits) {
  return {
    max_proposal_subscription: API_CALL_LIMITS.max_proposal_subscription,
    max_requestes_general: { applies_to: API_CALL_LIMITS.max_requestes_general.applies_to, ...limits.general },
    max_requests_outcome: { applies_to: API_CALL_LIMITS.max_requests_outcome.applies_to, ...limits.outcome },
    max_requests_pricing: { applies_to: API_CALL_LIMITS.max_requests_pricing.applies_to, ...limits.pricing },
  };
}
