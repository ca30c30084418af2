import { roundMoney } from './money.js';
import type { MultiplierSpec } from './multiplier-spec.js';
import { erf } from './normal-distribution.js';
import { yearsOf } from './pricing-time.js';

/**
 * What a multiplier is worth, from docs/trading.md, "Multipliers": with S0 the entry spot and c the
 * commission (a fraction of the notional stake × m),
 *   pnl = stake × (±(S − S0)/S0 − c) × m   (+ for MULTUP, − for MULTDOWN)
 * and the contract's value (its bid) is stake + pnl, never below 0: the loss stops at the stake.
 * Worked examples in docs/trading.md, "Multipliers".
 */

/** The notional: what the stake controls. */
export const notional = (spec: Pick<MultiplierSpec, 'stake' | 'multiplier'>) => spec.stake * spec.multiplier;

/**
 * The commission rate a multiplier is bought with: the symbol's, or the minimum commission over
 * the notional if that is more (a stake of 1 at ×100 on R_10 would otherwise pay half a cent).
 * Fixed in the contract's terms at purchase, so a restart with other trading options settles it alike.
 */
export function commissionRate(symbolRate: number, stake: number, multiplier: number, minCommission: number): number {
  return Math.max(symbolRate, minCommission / (stake * multiplier));
}

/** The commission in the account's currency (`commission` in the proposal and the open-contract view). */
export function commissionAmount(spec: MultiplierSpec): number {
  return roundMoney(notional(spec) * spec.commission);
}

/** The profit or loss at `spot`, unrounded. */
export function pnlAt(spec: MultiplierSpec, entrySpot: number, spot: number): number {
  const change = (spot - entrySpot) / entrySpot;
  const move = spec.contractType === 'MULTUP' ? change : -change;
  return notional(spec) * (move - spec.commission);
}

/** The profit or loss at `spot` as the client sees it: to the cent, and never a loss beyond the stake. */
export function profitAt(spec: MultiplierSpec, entrySpot: number, spot: number): number {
  return Math.max(-spec.stake, roundMoney(pnlAt(spec, entrySpot, spot)));
}

/** What the contract is worth at `spot`: what `sell` pays and the view shows as `bid_price`. */
export function valueAt(spec: MultiplierSpec, entrySpot: number, spot: number): number {
  return roundMoney(spec.stake + profitAt(spec, entrySpot, spot));
}

/**
 * The spot at which the pnl is `amount` (negative for a loss), on the symbol's pip: where a limit
 * order closes the contract. The stop out is the loss of the whole stake, S0 × (1 − 1/m + c) for
 * MULTUP and S0 × (1 + 1/m − c) for MULTDOWN, the reference's check.
 */
export function levelFor(spec: MultiplierSpec, entrySpot: number, amount: number): number {
  const move = amount / notional(spec) + spec.commission;
  const level = spec.contractType === 'MULTUP' ? entrySpot * (1 + move) : entrySpot * (1 - move);
  return Number(level.toFixed(spec.symbol.pipSize));
}

/**
 * The deal cancellation fee (our formula; docs/trading.md, "Multipliers"). Cancelling gives the
 * stake back, which is worth what an at-the-money put on the notional over the window is worth:
 * Black-Scholes with r = 0 prices it at notional × (2Φ(σ√t/2) − 1) = notional × erf(σ√t / (2√2)),
 * capped at the stake (no loss goes beyond it). The house adds `markup` of it (the reference's 5 %),
 * and the fee is at least a cent.
 */
export function cancellationFee(
  stake: number,
  multiplier: number,
  sigma: number,
  seconds: number,
  markup: number,
): number {
  const spread = sigma * Math.sqrt(yearsOf(seconds));
  const put = Math.min(stake, stake * multiplier * erf(spread / (2 * Math.SQRT2)));
  return Math.max(0.01, roundMoney(put * (1 + markup)));
}
