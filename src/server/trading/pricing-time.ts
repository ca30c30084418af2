import { isAtTheMoney, type ContractSpec } from './contract-spec.js';
import { SECONDS_PER_YEAR } from './durations.js';

/** Contracts shorter than this on the 2-s indices are priced over whole ticks (docs/trading.md, "Pricing"). */
const TRIM_BELOW_SECONDS = 300;

/**
 * The seconds of market movement a contract's price depends on, from `from` (its start for a
 * proposal, now for a bid) to its expiry. Tick contracts count ticks × interval. On the 2-s
 * indices, a non-ATM contract with a time duration under 5 minutes is priced from the first
 * tick after `from` (+1 s if odd, +2 s if even) to the last tick at or before expiry (−1 s if
 * odd): ticks sit on even epochs there, and no other tick can decide it. Deriv's ONETOUCH 2 m
 * test prices over 118 s this way.
 */
export function pricingSeconds(contract: ContractSpec, from: number): number {
  const end = contract.dateExpiry;
  const trims =
    contract.expiryType !== 'tick' &&
    contract.intervalSeconds === 2 &&
    !isAtTheMoney(contract) &&
    contract.dateExpiry - contract.dateStart < TRIM_BELOW_SECONDS;
  if (!trims) return Math.max(0, end - from);
  const firstTick = from + (from % 2 !== 0 ? 1 : 2);
  const lastTick = end - (end % 2 !== 0 ? 1 : 0);
  return Math.max(0, lastTick - firstTick);
}

export function yearsOf(seconds: number): number {
  return seconds / SECONDS_PER_YEAR;
}

/** The constant of the discrete-monitoring correction (Broadie-Glasserman-Kou's β = −ζ(1/2)/√(2π)). */
const DISCRETE_MONITORING_BETA = 0.5826;

/**
 * A touch barrier moved away from the spot by exp(±β·σ·√Δt), Δt the tick interval in years:
 * ticks only sample the path, so a continuous-path formula needs a farther barrier to price
 * what discrete ticks can touch (docs/trading.md, "Pricing").
 */
export function shiftedTouchBarrier(barrier: number, spot: number, sigma: number, intervalSeconds: number): number {
  const shift = Math.exp(DISCRETE_MONITORING_BETA * sigma * Math.sqrt(yearsOf(intervalSeconds)));
  return barrier > spot ? barrier * shift : barrier / shift;
}
