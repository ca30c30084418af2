import { describe, expect, it } from 'vitest';
import { ORIGIN_EPOCH, PricePath } from '../../../src/server/market/price-path.js';
import { SYMBOLS, symbolSpec, type SymbolSpec } from '../../../src/server/market/symbols.js';

function spec(symbol: string): SymbolSpec {
  return symbolSpec(symbol)!;
}

const DAY = 86_400;
/** 2025-06-15: before the origin, where tick indices are negative. */
const MID_2025 = ORIGIN_EPOCH - 200 * DAY;

describe('PricePath ticks', () => {
  it('lands every quote on the pip and prints it with at most pipSize decimals', () => {
    for (const symbolSpec of SYMBOLS) {
      const path = new PricePath(11, symbolSpec);
      const ticks = [
        ...path.ticks(MID_2025, MID_2025 + 600),
        ...path.ticks(ORIGIN_EPOCH + 30 * DAY, ORIGIN_EPOCH + 30 * DAY + 600),
      ];
      for (const { quote } of ticks) {
        const pips = quote / symbolSpec.pip;
        expect(Math.abs(Math.round(pips) - pips)).toBeLessThan(1e-9 * pips);
        expect(String(quote)).toMatch(new RegExp(`^\\d+(\\.\\d{1,${symbolSpec.pipSize}})?$`));
      }
    }
  });

  it('spaces epochs exactly one interval apart, aligned to the origin, within the asked bounds', () => {
    for (const symbolSpec of [spec('R_50'), spec('1HZ10V')]) {
      const path = new PricePath(11, symbolSpec);
      const interval = symbolSpec.intervalSeconds;
      const ticks = path.ticks(ORIGIN_EPOCH - 101, ORIGIN_EPOCH + 99);
      expect(ticks[0]!.epoch).toBe(path.tickEpochAtOrBefore(ORIGIN_EPOCH - 101 + interval - 1));
      expect(ticks.at(-1)!.epoch).toBe(path.tickEpochAtOrBefore(ORIGIN_EPOCH + 99));
      expect(ticks[0]!.epoch).toBeGreaterThanOrEqual(ORIGIN_EPOCH - 101);
      for (const [i, tick] of ticks.entries()) {
        expect(Number.isInteger((tick.epoch - ORIGIN_EPOCH) / interval)).toBe(true);
        if (i > 0) expect(tick.epoch - ticks[i - 1]!.epoch).toBe(interval);
      }
    }
  });

  it('finds the latest tick at or before an epoch', () => {
    const path = new PricePath(1, spec('R_100'));
    expect(path.tickEpochAtOrBefore(ORIGIN_EPOCH)).toBe(ORIGIN_EPOCH);
    expect(path.tickEpochAtOrBefore(ORIGIN_EPOCH + 1)).toBe(ORIGIN_EPOCH);
    expect(path.tickEpochAtOrBefore(ORIGIN_EPOCH + 2)).toBe(ORIGIN_EPOCH + 2);
    expect(path.tickEpochAtOrBefore(ORIGIN_EPOCH - 1)).toBe(ORIGIN_EPOCH - 2);
  });

  it('starts every symbol at its start price at the origin', () => {
    for (const symbolSpec of SYMBOLS)
      expect(new PricePath(5, symbolSpec).quoteAt(ORIGIN_EPOCH)).toBe(symbolSpec.startPrice);
  });

  it('returns nothing for an empty window', () => {
    const path = new PricePath(1, spec('R_100'));
    expect(path.ticks(ORIGIN_EPOCH + 10, ORIGIN_EPOCH)).toEqual([]);
    expect(path.ticks(ORIGIN_EPOCH + 1, ORIGIN_EPOCH + 1)).toEqual([]);
  });

  it('follows an interval override', () => {
    const path = new PricePath(1, spec('R_100'), 1);
    expect(path.intervalSeconds).toBe(1);
    expect(path.ticks(ORIGIN_EPOCH, ORIGIN_EPOCH + 9)).toHaveLength(10);
    expect(() => new PricePath(1, spec('R_100'), 0.5)).toThrow(RangeError);
  });

  it('refuses epochs that are not ticks, windows over a million ticks, and times out of range', () => {
    const path = new PricePath(1, spec('R_100'));
    expect(() => path.quoteAt(ORIGIN_EPOCH + 1)).toThrow(RangeError);
    expect(() => path.ticks(ORIGIN_EPOCH, ORIGIN_EPOCH + 2_000_000)).toThrow(RangeError);
    expect(path.ticks(ORIGIN_EPOCH, ORIGIN_EPOCH + 1_999_998)).toHaveLength(1_000_000);
    expect(() => path.logPriceAtIndex(2 ** 32 + 1)).toThrow(RangeError);
    expect(() => path.logPriceAtIndex(0.5)).toThrow(RangeError);
  });
});

describe('PricePath determinism', () => {
  it('gives the same ticks for the same seed, in any instance', () => {
    const a = new PricePath(2024, spec('R_75')).ticks(ORIGIN_EPOCH + 5 * DAY, ORIGIN_EPOCH + 5 * DAY + 2_000);
    const b = new PricePath(2024, spec('R_75')).ticks(ORIGIN_EPOCH + 5 * DAY, ORIGIN_EPOCH + 5 * DAY + 2_000);
    expect(b).toEqual(a);
  });

  it('gives different ticks for a different seed, and for a different symbol with the same parameters', () => {
    const window = [ORIGIN_EPOCH + DAY, ORIGIN_EPOCH + DAY + 200] as const;
    const quotes = (path: PricePath) => path.ticks(...window).map((tick) => tick.quote);
    const base = quotes(new PricePath(2024, spec('R_75')));
    expect(quotes(new PricePath(2025, spec('R_75')))).not.toEqual(base);
    expect(quotes(new PricePath(2024, { ...spec('R_75'), index: 99 }))).not.toEqual(base);
  });

  it('keeps the market of a seed from one version to the next', () => {
    // Pinned: users replay sessions by seed, so changing the hash or the bridge must be deliberate.
    const path = new PricePath(42, spec('R_50'));
    expect(path.ticks(ORIGIN_EPOCH - 4, ORIGIN_EPOCH + 4).map((tick) => tick.quote)).toEqual([
      186.9873, 186.9918, 187, 186.9684, 186.9473,
    ]);
  });

  it('gives each tick the same quote whatever window asks for it, on both sides of the origin', () => {
    const path = new PricePath(77, spec('1HZ50V'));
    const probes = [
      MID_2025,
      MID_2025 + 999,
      ORIGIN_EPOCH - 1,
      ORIGIN_EPOCH,
      ORIGIN_EPOCH + 1,
      ORIGIN_EPOCH + 12 * DAY + 17,
    ];
    for (const epoch of probes) {
      const expected = path.quoteAt(epoch);
      for (const [before, after] of [
        [0, 0],
        [1, 3_000],
        [2_999, 2],
        [777, 4_321],
        [65_536, 1],
      ] as const) {
        const window = path.ticks(epoch - before, epoch + after);
        expect(window[before]).toEqual({ epoch, quote: expected });
      }
    }
  });

  it('agrees between single descents and shared ones, at scattered indices and the anchors', () => {
    const path = new PricePath(3, spec('R_25'));
    const indices = [-(2 ** 32), -(2 ** 31) - 7, -123_456_789, -1, 0, 1, 2, 1_000_003, 2 ** 31, 2 ** 32 - 1, 2 ** 32];
    const shared = path.logPricesAtIndices(indices);
    for (const [i, k] of indices.entries()) expect(shared[i]).toBe(path.logPriceAtIndex(k));
    expect(() => path.logPricesAtIndices([5, 3])).toThrow(RangeError);
  });
});

describe('PricePath speed', () => {
  it('computes a window of n ticks with about n midpoints', () => {
    const path = new PricePath(9, spec('R_10'));
    const before = path.evaluations;
    path.ticks(MID_2025, MID_2025 + 2 * 4_999);
    expect(path.evaluations - before).toBeLessThanOrEqual(5_000 + 2 * 33);
  });

  // Counted in evaluations, not timed: time belongs to bench/, and a busy machine would make it flaky.
  it('draws 5000 ticks with about one evaluation each, and a single quote with at most ~33', () => {
    const path = new PricePath(9, spec('1HZ100V'));
    let before = path.evaluations;
    expect(path.ticks(ORIGIN_EPOCH + 40 * DAY, ORIGIN_EPOCH + 40 * DAY + 4_999)).toHaveLength(5_000);
    expect(path.evaluations - before).toBeLessThanOrEqual(5_000 + 2 * 33);
    before = path.evaluations;
    for (let i = 0; i < 1_000; i++) path.quoteAt(ORIGIN_EPOCH + i * 9_973);
    expect(path.evaluations - before).toBeLessThanOrEqual(1_000 * 33);
  });

  it('asks the bridge once for a tick asked for again and again (settling contracts on the same ticks)', () => {
    const path = new PricePath(9, spec('1HZ100V'));
    const epoch = ORIGIN_EPOCH + 40 * DAY;
    const first = path.quoteAt(epoch);
    const before = path.evaluations;
    for (let i = 0; i < 10_000; i++) expect(path.quoteAt(epoch)).toBe(first);
    expect(path.evaluations - before).toBe(0);
    // Still the path's own value: a fresh path, never asked before, agrees.
    expect(new PricePath(9, spec('1HZ100V')).quoteAt(epoch)).toBe(first);
    expect(() => path.quoteAt(epoch + 0.5)).toThrow(RangeError);
  });

  it('asks the bridge once for a short window asked for again and again (each open multiplier reading the new tick)', () => {
    const path = new PricePath(9, spec('1HZ100V'));
    const epoch = ORIGIN_EPOCH + 41 * DAY;
    const first = path.ticks(epoch, epoch + 3);
    const before = path.evaluations;
    for (let i = 0; i < 10_000; i++) expect(path.ticks(epoch, epoch + 3)).toEqual(first);
    expect(path.evaluations - before).toBe(0);
    // The same ticks a long window gives, which is read by shared descents.
    expect(new PricePath(9, spec('1HZ100V')).ticks(epoch - 100, epoch + 100).slice(100, 104)).toEqual(first);
  });
});
