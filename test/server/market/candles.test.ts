import { describe, expect, it } from 'vitest';
import { candlesBetween, type Candle } from '../../../src/server/market/candles.js';
import { ORIGIN_EPOCH, PricePath } from '../../../src/server/market/price-path.js';
import { symbolSpec, type SymbolSpec } from '../../../src/server/market/symbols.js';

const DAY = 86_400;

function spec(symbol: string): SymbolSpec {
  return symbolSpec(symbol)!;
}

/** Candles the slow, obvious way: every tick, grouped by aligned open time. */
function bruteForceCandles(path: PricePath, start: number, end: number, granularity: number): Candle[] {
  const candles = new Map<number, Candle>();
  for (const { epoch, quote } of path.ticks(start - (start % granularity), end)) {
    const open = epoch - (epoch % granularity);
    const candle = candles.get(open);
    if (!candle) candles.set(open, { epoch: open, open: quote, high: quote, low: quote, close: quote });
    else Object.assign(candle, { high: Math.max(candle.high, quote), low: Math.min(candle.low, quote), close: quote });
  }
  return [...candles.values()];
}

function expectWellFormed(candles: Candle[], start: number, end: number, granularity: number): void {
  expect(candles[0]!.epoch).toBe(start - (start % granularity));
  for (const [i, candle] of candles.entries()) {
    expect(candle.epoch % granularity).toBe(0);
    expect(candle.epoch).toBeLessThanOrEqual(end);
    if (i > 0) expect(candle.epoch - candles[i - 1]!.epoch).toBe(granularity);
    expect(candle.high).toBeGreaterThanOrEqual(Math.max(candle.open, candle.close));
    expect(candle.low).toBeLessThanOrEqual(Math.min(candle.open, candle.close));
  }
}

describe('candlesBetween, exact', () => {
  const cases = [
    { symbol: 'R_50', start: ORIGIN_EPOCH + 1_000_037, end: ORIGIN_EPOCH + 1_003_637, granularity: 60 },
    { symbol: '1HZ75V', start: ORIGIN_EPOCH - 7_000, end: ORIGIN_EPOCH + 7_001, granularity: 300 },
    { symbol: 'R_10', start: ORIGIN_EPOCH - 40 * DAY + 5, end: ORIGIN_EPOCH - 38 * DAY - 1, granularity: 3_600 },
  ];
  for (const { symbol, start, end, granularity } of cases) {
    it(`equals candles built from every tick: ${symbol}, ${granularity} s, ${start - ORIGIN_EPOCH} to ${end - ORIGIN_EPOCH} from the origin`, () => {
      const path = new PricePath(31, spec(symbol));
      const candles = candlesBetween(path, { start, end, granularity });
      expectWellFormed(candles, start, end, granularity);
      expect(candles).toEqual(bruteForceCandles(path, start, end, granularity));
    });
  }

  it('cuts the last candle off at end', () => {
    const path = new PricePath(31, spec('R_100'));
    const end = ORIGIN_EPOCH + 3_600 + 61;
    const last = candlesBetween(path, { start: ORIGIN_EPOCH, end, granularity: 3_600 }).at(-1)!;
    expect(last.epoch).toBe(ORIGIN_EPOCH + 3_600);
    expect(last.open).toBe(path.quoteAt(ORIGIN_EPOCH + 3_600));
    expect(last.close).toBe(path.quoteAt(ORIGIN_EPOCH + 3_660));
  });

  it('leaves out candles without a tick when the interval exceeds the granularity', () => {
    const path = new PricePath(31, spec('R_100'), 120);
    const candles = candlesBetween(path, { start: ORIGIN_EPOCH, end: ORIGIN_EPOCH + 600, granularity: 60 });
    expect(candles.map((candle) => candle.epoch - ORIGIN_EPOCH)).toEqual([0, 120, 240, 360, 480, 600]);
    expect(candles).toEqual(bruteForceCandles(path, ORIGIN_EPOCH, ORIGIN_EPOCH + 600, 60));
  });

  it('returns nothing when end comes before the first candle', () => {
    const path = new PricePath(31, spec('R_100'));
    expect(candlesBetween(path, { start: ORIGIN_EPOCH + 120, end: ORIGIN_EPOCH + 60, granularity: 60 })).toEqual([]);
  });
});

describe('candlesBetween, sampled', () => {
  it('keeps open and close exact, and high and low within the exact ones', () => {
    const path = new PricePath(8, spec('1HZ50V'));
    const window = { start: ORIGIN_EPOCH + 2 * DAY, end: ORIGIN_EPOCH + 2 * DAY + 3_599, granularity: 60 };
    const exact = candlesBetween(path, window);
    const sampled = candlesBetween(path, { ...window, maxEvaluations: 800 });
    expect(sampled).not.toEqual(exact);
    expect(sampled).toHaveLength(exact.length);
    for (const [i, candle] of sampled.entries()) {
      const truth = exact[i]!;
      expect([candle.epoch, candle.open, candle.close]).toEqual([truth.epoch, truth.open, truth.close]);
      expect(candle.high).toBeLessThanOrEqual(truth.high);
      expect(candle.low).toBeGreaterThanOrEqual(truth.low);
    }
    expectWellFormed(sampled, window.start, window.end, window.granularity);
  });

  for (const symbol of ['1HZ100V', 'R_75']) {
    it(`draws 5000 daily ${symbol} candles within the default budget, deterministically`, () => {
      const path = new PricePath(8, spec(symbol));
      const end = ORIGIN_EPOCH + 100 * DAY + 4_321;
      const request = { start: end - 4_999 * DAY, end, granularity: DAY };
      const before = path.evaluations;
      const candles = candlesBetween(path, request);
      expect(path.evaluations - before).toBeLessThanOrEqual(250_000);
      expect(candles).toHaveLength(5_000);
      expectWellFormed(candles, request.start, end, DAY);
      for (const i of [0, 1, 2_500, 4_999]) {
        const candle = candles[i]!;
        expect(candle.open).toBe(path.quoteAt(candle.epoch));
        expect(candle.close).toBe(path.quoteAt(path.tickEpochAtOrBefore(Math.min(candle.epoch + DAY - 1, end))));
      }
      expect(candlesBetween(path, request)).toEqual(candles);
      expect(candlesBetween(new PricePath(8, spec(symbol)), request)).toEqual(candles);
    });
  }

  it('honours a smaller budget, and refuses one that no grid can meet', () => {
    const path = new PricePath(8, spec('R_25'));
    const request = { start: ORIGIN_EPOCH, end: ORIGIN_EPOCH + 30 * DAY, granularity: 3_600 };
    const before = path.evaluations;
    candlesBetween(path, { ...request, maxEvaluations: 20_000 });
    expect(path.evaluations - before).toBeLessThanOrEqual(20_000);
    expect(() => candlesBetween(path, { ...request, maxEvaluations: 1_000 })).toThrow(RangeError);
  });
});
