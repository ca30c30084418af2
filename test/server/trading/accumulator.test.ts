import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricePath } from '../../../src/server/market/price-path.js';
import { symbolSpec } from '../../../src/server/market/symbols.js';
import {
  type AccumulatorContract,
  accumulatorAt,
  barriersAround,
} from '../../../src/server/trading/accumulator-path.js';
import {
  ACCUMULATOR_MAX_PAYOUT,
  accumulatorValue,
  closingTick,
  GROWTH_RATES,
  type GrowthRate,
  MAX_DURATION_TICKS,
  tickSizeBarrier,
} from '../../../src/server/trading/accumulator-terms.js';

const R100 = symbolSpec('R_100')!;
const path = new PricePath(42, R100);
/** A purchase second between two R_100 ticks (they fall on even epochs). */
const START = 1_790_000_001;

function contract(growthRate: GrowthRate, dateStart = START, extra: Partial<AccumulatorContract> = {}) {
  return {
    dateStart,
    stake: 10,
    growthRate,
    tickSizeBarrier: tickSizeBarrier(growthRate, R100.sigma, R100.intervalSeconds),
    pipSize: R100.pipSize,
    ...extra,
  };
}

/**
 * The tick (counted past entry) on which a contract started at `dateStart` is knocked out, read
 * with plain arithmetic on the path's quotes: the test's own reading of the rule, to hold the
 * module to.
 */
function knockOutTick(c: AccumulatorContract, within: number): number | undefined {
  const entry = path.indexAtOrAfter(c.dateStart + 1);
  let previous = path.quoteAt(path.epochOfIndex(entry));
  for (let k = 1; k <= within; k++) {
    const quote = path.quoteAt(path.epochOfIndex(entry + k));
    const high = Math.round(previous * (1 + c.tickSizeBarrier) * 100) / 100;
    const low = Math.round(previous * (1 - c.tickSizeBarrier) * 100) / 100;
    if (quote >= high || quote <= low) return k;
    previous = quote;
  }
  return undefined;
}

describe('accumulator terms', () => {
  it("give the reference's barrier half-widths: R_100 at 1 % and 5 %, R_10 a tenth, 1HZ10V at 1 %", () => {
    expect(tickSizeBarrier(0.01, 1, 2)).toBeCloseTo(6.1255e-4, 8);
    expect(tickSizeBarrier(0.05, 1, 2)).toBeCloseTo(4.8625e-4, 8);
    expect(tickSizeBarrier(0.01, 0.1, 2)).toBeCloseTo(6.1255e-5, 9);
    expect(tickSizeBarrier(0.05, 0.1, 2)).toBeCloseTo(4.8625e-5, 9);
    expect(tickSizeBarrier(0.01, 0.1, 1)).toBeCloseTo(4.3314e-5, 9);
    // Between the ends, narrower as the rate grows: a higher rate is knocked out more often.
    const widths = GROWTH_RATES.map((rate) => tickSizeBarrier(rate, 1, 2));
    expect([...widths].sort((a, b) => b - a)).toEqual(widths);
  });

  it('value a contract at stake × (1 + g)^(n − 1): 10 at 3 % is 10, 10, 10.30, then 11.2551 after five ticks', () => {
    expect(accumulatorValue(10, 0.03, 0)).toBe(10);
    expect(accumulatorValue(10, 0.03, 1)).toBe(10);
    expect(accumulatorValue(10, 0.03, 2)).toBeCloseTo(10.3, 10);
    expect(accumulatorValue(10, 0.03, 5)).toBeCloseTo(11.2550881, 6);
  });

  it('close at the most ticks, sooner at the maximum payout, sooner at the take-profit', () => {
    expect(closingTick(10, 0.01)).toBe(300);
    expect(closingTick(10, 0.05)).toBe(60);
    // 2 000 × 1.01^161 = 9 925.93 and 2 000 × 1.01^162 = 10 025.19: the 162nd tick is the last within 10 000.
    expect(closingTick(2_000, 0.01)).toBe(162);
    expect(accumulatorValue(2_000, 0.01, 162)).toBeLessThanOrEqual(ACCUMULATOR_MAX_PAYOUT);
    expect(accumulatorValue(2_000, 0.01, 163)).toBeGreaterThan(ACCUMULATOR_MAX_PAYOUT);
    // A profit of 1 on 10 at 5 %: 10 × 1.05² = 11.025 on the third tick.
    expect(closingTick(10, 0.05, 1)).toBe(3);
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 200_000 }), fc.constantFrom(...GROWTH_RATES), (cents, rate) => {
        const stake = cents / 100;
        const ticks = closingTick(stake, rate);
        expect(ticks).toBeLessThanOrEqual(MAX_DURATION_TICKS[rate]);
        expect(accumulatorValue(stake, rate, ticks)).toBeLessThanOrEqual(ACCUMULATOR_MAX_PAYOUT);
      }),
    );
  });
});

describe('an accumulator on the market path', () => {
  it('is knocked out on the tick the plain reading of the rule says, worth 0; the tick before, it was growing', () => {
    let checked = 0;
    for (let start = START; checked < 20; start += 2) {
      const c = contract(0.05, start);
      const k = knockOutTick(c, 60);
      if (k === undefined || k < 3) continue;
      checked++;
      const entryEpoch = path.epochOfIndex(path.indexAtOrAfter(start + 1));
      const at = accumulatorAt(path, c, entryEpoch + k * 2 + 100)!;
      expect(at).toMatchObject({ end: 'knocked-out', value: 0, ticksInside: k - 1 });
      expect(at.current.epoch).toBe(entryEpoch + k * 2);
      const before = accumulatorAt(path, c, entryEpoch + (k - 1) * 2)!;
      expect(before.end).toBeUndefined();
      expect(before.value).toBeCloseTo(10 * 1.05 ** (k - 2), 10);
      expect(before.barriers).toEqual(barriersAround(before.current.quote, c.tickSizeBarrier, 2));
    }
  });

  it('runs to its take-profit, or its most ticks, when nothing knocks it out', () => {
    // The first start whose contract at 5 % survives its 60 ticks, found by the plain reading.
    let start = START;
    while (knockOutTick(contract(0.05, start), 60) !== undefined) start += 2;
    const entryEpoch = path.epochOfIndex(path.indexAtOrAfter(start + 1));
    const full = accumulatorAt(path, contract(0.05, start), entryEpoch + 10_000)!;
    expect(full).toMatchObject({ end: 'max-ticks', ticksInside: 60 });
    expect(full.value).toBeCloseTo(10 * 1.05 ** 59, 8);
    expect(full.current.epoch).toBe(entryEpoch + 120);
    const early = accumulatorAt(path, contract(0.05, start, { takeProfit: 1 }), entryEpoch + 10_000)!;
    expect(early).toMatchObject({ end: 'take-profit', ticksInside: 3 });
    expect(early.value).toBeCloseTo(11.025, 10);
    // Before its entry tick there is nothing to say.
    expect(accumulatorAt(path, contract(0.05, start), start)).toBeUndefined();
  });
});
