import { describe, expect, it } from 'vitest';
import { marketIntervals, spotOf } from '../../../../src/server/calls/trading/pricing-context.js';
import { systemClock } from '../../../../src/server/clock.js';
import { Market } from '../../../../src/server/market/market.js';
import { SYMBOLS } from '../../../../src/server/market/symbols.js';

describe('marketIntervals', () => {
  it("is each symbol's path interval, with the market's overrides, read once per market", () => {
    const market = new Market({ seed: 1, intervals: { R_100: 5 } }, systemClock);
    const plain = new Market({ seed: 1 }, systemClock);
    const intervals = marketIntervals(market);
    expect(Object.keys(intervals)).toEqual(SYMBOLS.map((spec) => spec.symbol));
    for (const spec of SYMBOLS) expect(intervals[spec.symbol]).toBe(market.path(spec.symbol).intervalSeconds);
    expect(intervals.R_100).toBe(5);
    expect(marketIntervals(market)).toBe(intervals);
    expect(marketIntervals(plain).R_100).toBe(SYMBOLS.find((spec) => spec.symbol === 'R_100')!.intervalSeconds);
    expect(Object.isFrozen(intervals)).toBe(true);
  });
});

describe('spotOf', () => {
  it("is the latest tick's quote and epoch, for every symbol", () => {
    const market = new Market({ seed: 3 }, systemClock);
    for (const spec of SYMBOLS) {
      const { spot, epoch } = spotOf(market, spec.symbol);
      const latest = market.latestEpoch(spec.symbol);
      // The clock may pass a tick between the two reads: the spot is that epoch's tick either way.
      expect([latest, latest - market.path(spec.symbol).intervalSeconds]).toContain(epoch);
      expect(spot).toBe(market.tick(spec.symbol, epoch).quote);
    }
  });
});
