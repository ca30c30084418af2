import { SECONDS_PER_YEAR } from './durations.js';
import { normalCdf } from './normal-distribution.js';

/**
 * What an accumulator (`ACCU`) offers, per growth rate (docs/trading.md, "Accumulators", where the
 * facts behind them are cited).
 */

/** The growth rates offered, as fractions: `growth_rate` must be one of them. */
export const GROWTH_RATES = [0.01, 0.02, 0.03, 0.04, 0.05] as const;

export type GrowthRate = (typeof GROWTH_RATES)[number];

/** The most ticks a contract may run past its entry, per growth rate (Deriv's 2024 configuration). */
export const MAX_DURATION_TICKS: Readonly<Record<GrowthRate, number>> = {
  0.01: 300,
  0.02: 150,
  0.03: 90,
  0.04: 75,
  0.05: 60,
};

/** The most a contract may be worth, in USD: it closes at the tick that would take it past. */
export const ACCUMULATOR_MAX_PAYOUT = 10_000;

/** Stakes offered, in USD, inclusive. */
export const ACCUMULATOR_STAKE = { min: 1, max: 2_000 } as const;

/**
 * The chance that one tick stays inside the barriers, per growth rate: what sets the barriers'
 * half-width. The reference gives the half-width at 1 % and 5 % (R_100: 6.1255e-4 and
 * 4.8625e-4 of the spot; R_10 a tenth of that; 1HZ10V 4.3314e-5 at 1 %). Read as a normal
 * step of the index's own size (σ√Δt), those are one survival chance each, whatever the symbol:
 * 0.98500 and 0.94650. The rates between are not in the reference; our choice is to place
 * their survival chances evenly between the two, and to derive each symbol's half-width from
 * them, so that every rate knocks out as often on every symbol.
 */
const SURVIVAL_AT_ENDS = { low: survivalOf(6.1255e-4, 1, 2), high: survivalOf(4.8625e-4, 1, 2) };

/** The per-tick survival chance of growth rate `rate` (see SURVIVAL_AT_ENDS). */
export function survivalChance(rate: GrowthRate): number {
  const share = (rate - GROWTH_RATES[0]) / (GROWTH_RATES[4] - GROWTH_RATES[0]);
  return SURVIVAL_AT_ENDS.low + (SURVIVAL_AT_ENDS.high - SURVIVAL_AT_ENDS.low) * share;
}

/**
 * The barriers' half-width as a fraction of the previous spot (`tick_size_barrier`): a tick
 * outside prev × (1 ± this) knocks the contract out. It scales with the step of one tick,
 * σ√(interval in years), so a market run with other tick intervals keeps each rate's odds.
 */
export function tickSizeBarrier(rate: GrowthRate, sigma: number, intervalSeconds: number): number {
  const step = sigma * Math.sqrt(intervalSeconds / SECONDS_PER_YEAR);
  return step * twoSidedQuantile(survivalChance(rate));
}

/**
 * The contract's value after `n` ticks past its entry have stayed inside: stake × (1 + g)^(n − 1)
 * from the first tick on, the stake itself before it.
 */
export function accumulatorValue(stake: number, rate: GrowthRate, ticksInside: number): number {
  return ticksInside <= 1 ? stake : stake * (1 + rate) ** (ticksInside - 1);
}

/**
 * The ticks past entry at which a contract that was never knocked out closes: the rate's most,
 * or sooner the last tick whose value stays within the maximum payout (so no contract is ever
 * worth more), or the first whose profit reaches the take-profit.
 */
export function closingTick(stake: number, rate: GrowthRate, takeProfit?: number): number {
  let ticks = MAX_DURATION_TICKS[rate];
  while (ticks > 1 && accumulatorValue(stake, rate, ticks) > ACCUMULATOR_MAX_PAYOUT) ticks--;
  if (takeProfit === undefined) return ticks;
  for (let n = 1; n < ticks; n++) if (accumulatorValue(stake, rate, n) - stake >= takeProfit) return n;
  return ticks;
}

/** The survival chance of a half-width `fraction` of the spot, for a step of σ√Δt. */
function survivalOf(fraction: number, sigma: number, intervalSeconds: number): number {
  const z = fraction / (sigma * Math.sqrt(intervalSeconds / SECONDS_PER_YEAR));
  return 2 * normalCdf(z) - 1;
}

/** z with P(|Z| < z) = p, by bisection on the CDF: exact to the last digits that matter, and run once per rate. */
function twoSidedQuantile(p: number): number {
  let low = 0;
  let high = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (low + high) / 2;
    if (2 * normalCdf(mid) - 1 < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
