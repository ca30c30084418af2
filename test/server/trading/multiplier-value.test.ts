import { describe, expect, it } from 'vitest';
import type { MultiplierSpec } from '../../../src/server/trading/multiplier-spec.js';
import { multiplier } from './multipliers.js';
import {
  cancellationFee,
  commissionAmount,
  commissionRate,
  levelFor,
  pnlAt,
  profitAt,
  valueAt,
} from '../../../src/server/trading/multiplier-value.js';

const down = (spec: MultiplierSpec): MultiplierSpec => ({ ...spec, contractType: 'MULTDOWN' });

/** The worked examples of docs/trading.md, "Multipliers". */
describe('multiplier values', () => {
  it("the stop out is S0 × (1 − 1/m + c): the reference's check, R_100 ×10 at 65258.19 → 58765.24", () => {
    const spec = multiplier();
    expect(spec.commission).toBe(5.0366e-4);
    expect(levelFor(spec, 65_258.19, -10)).toBe(58_765.24);
    // MULTDOWN mirrors it: S0 × (1 + 1/m − c).
    expect(levelFor(down(spec), 65_258.19, -10)).toBe(71_751.14);
    // Whatever the stake: the level is a move of 1/m − c.
    expect(levelFor(multiplier({ amount: 100 }), 65_258.19, -100)).toBe(58_765.24);
  });

  it('pnl = stake × (±(S − S0)/S0 − c) × m; the value is stake + pnl', () => {
    const spec = multiplier();
    // 1 % up: 100 × (0.01 − 0.00050366) = 0.949634.
    expect(profitAt(spec, 1_560, 1_575.6)).toBe(0.95);
    expect(valueAt(spec, 1_560, 1_575.6)).toBe(10.95);
    // The same move against a MULTDOWN: 100 × (−0.01 − 0.00050366) = −1.050366.
    expect(profitAt(down(spec), 1_560, 1_575.6)).toBe(-1.05);
    expect(valueAt(down(spec), 1_560, 1_575.6)).toBe(8.95);
    // At the entry spot, the commission is the whole loss.
    expect(profitAt(spec, 1_560, 1_560)).toBe(-0.05);
    // Beyond the stop out the loss stops at the stake: the value is 0, never below.
    expect(profitAt(spec, 1_560, 1_000)).toBe(-10);
    expect(valueAt(spec, 1_560, 1_000)).toBe(0);
  });

  it('take profit and stop loss levels are where the pnl reaches them', () => {
    const spec = multiplier();
    // 1560 × (1 ± 5/100 + 0.00050366)
    expect(levelFor(spec, 1_560, 5)).toBe(1_638.79);
    expect(levelFor(spec, 1_560, -5)).toBe(1_482.79);
    expect(pnlAt(spec, 1_560, 1_638.79)).toBeGreaterThanOrEqual(5);
    expect(pnlAt(spec, 1_560, 1_638.78)).toBeLessThan(5);
  });

  it('the commission: the notional × the rate, at least the minimum commission of 0.02', () => {
    expect(commissionAmount(multiplier())).toBe(0.05);
    expect(commissionAmount(multiplier({ amount: 2_000, multiplier: 100 }))).toBe(100.73);
    // R_10 ×100 on a stake of 1: 100 × 5.0366e-5 is half a cent, so the minimum's rate, 0.02 / 100.
    const small = multiplier({ symbol: 'R_10', amount: 1, multiplier: 100 });
    expect(small.commission).toBe(2e-4);
    expect(commissionAmount(small)).toBe(0.02);
    expect(commissionRate(5.0366e-5, 1, 100, 0)).toBe(5.0366e-5);
  });

  it('the cancellation fee: an at-the-money put on the notional over the window, plus 5 %, capped at the stake', () => {
    // R_100 (σ = 1) ×10, stake 10, 60 minutes: 100 × erf(√(3600 / 31 536 000) / (2√2)) = 0.42624, × 1.05 → 0.45.
    const fees = ['5m', '10m', '15m', '30m', '60m'].map(
      (window) => multiplier({ cancellation: window }).cancellation!.fee,
    );
    expect(fees).toEqual([0.13, 0.18, 0.22, 0.32, 0.45]);
    expect(cancellationFee(10, 10, 1, 3_600, 0)).toBe(0.43);
    // The put is worth at most the stake: no loss goes beyond it.
    expect(cancellationFee(10, 1_000_000, 1, 3_600, 0.05)).toBe(10.5);
    // At least a cent.
    expect(cancellationFee(1, 100, 0.1, 300, 0.05)).toBe(0.01);
  });
});
