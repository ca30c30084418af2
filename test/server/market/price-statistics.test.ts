import { describe, expect, it } from 'vitest';
import { ORIGIN_EPOCH, PricePath } from '../../../src/server/market/price-path.js';
import { symbolSpec, type SymbolSpec } from '../../../src/server/market/symbols.js';

const SECONDS_PER_YEAR = 365 * 24 * 3600;
const N = 20_000;
const SEED = 20_260_101;

function spec(symbol: string): SymbolSpec {
  return symbolSpec(symbol)!;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function standardDeviation(values: number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / (values.length - 1));
}

function correlation(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Log returns over `count` consecutive steps from tick index `first`, one descent per tick. */
function logReturns(path: PricePath, first: number, count: number): number[] {
  const returns: number[] = [];
  let previous = path.logPriceAtIndex(first);
  for (let k = first + 1; k <= first + count; k++) {
    const current = path.logPriceAtIndex(k);
    returns.push(current - previous);
    previous = current;
  }
  return returns;
}

/** The model's one-step log return: mean −σ²dt/2, standard deviation σ√dt. */
function expected(spec: SymbolSpec, ticks = 1, intervalSeconds = spec.intervalSeconds) {
  const dt = (ticks * intervalSeconds) / SECONDS_PER_YEAR;
  return { mean: (-(spec.sigma ** 2) * dt) / 2, deviation: spec.sigma * Math.sqrt(dt) };
}

describe('one-tick log returns', () => {
  // After the origin, before it (negative indices), and across it.
  for (const [symbol, first] of [
    ['R_50', 1_234_567],
    ['1HZ100V', 98_765],
    ['R_10', -3_000_000],
    ['R_10', -N / 2],
  ] as const) {
    it(`${symbol} from index ${first}: mean −σ²dt/2, deviation σ√dt, no lag-1 autocorrelation`, () => {
      const symbolSpec = spec(symbol);
      const returns = logReturns(new PricePath(SEED, symbolSpec), first, N);
      const model = expected(symbolSpec);
      expect(Math.abs(mean(returns) - model.mean)).toBeLessThan((4 * model.deviation) / Math.sqrt(N));
      expect(Math.abs(standardDeviation(returns) / model.deviation - 1)).toBeLessThan(0.03);
      expect(Math.abs(correlation(returns.slice(1), returns.slice(0, -1)))).toBeLessThan(4 / Math.sqrt(N));
    });
  }

  it('scale with an interval override', () => {
    const symbolSpec = spec('R_50');
    const returns = logReturns(new PricePath(SEED, symbolSpec, 60), 4_242, N);
    expect(Math.abs(standardDeviation(returns) / expected(symbolSpec, 1, 60).deviation - 1)).toBeLessThan(0.03);
  });

  it('survive rounding to the pip (R_50)', () => {
    const symbolSpec = spec('R_50');
    const start = ORIGIN_EPOCH + 3 * 86_400;
    const quotes = new PricePath(SEED, symbolSpec)
      .ticks(start, start + N * symbolSpec.intervalSeconds)
      .map((tick) => tick.quote);
    const returns = quotes.slice(1).map((quote, i) => Math.log(quote / quotes[i]!));
    const model = expected(symbolSpec);
    expect(returns).toHaveLength(N);
    expect(Math.abs(mean(returns) - model.mean)).toBeLessThan((4 * model.deviation) / Math.sqrt(N));
    expect(Math.abs(standardDeviation(returns) / model.deviation - 1)).toBeLessThan(0.05);
  });

  it('are uncorrelated between symbols with the same seed', () => {
    const pairs = [
      ['R_50', 'R_10'],
      ['1HZ100V', '1HZ50V'],
      ['R_75', 'R_100'],
    ] as const;
    for (const [a, b] of pairs) {
      const returnsA = logReturns(new PricePath(SEED, spec(a)), 500, N);
      const returnsB = logReturns(new PricePath(SEED, spec(b)), 500, N);
      expect(Math.abs(correlation(returnsA, returnsB))).toBeLessThan(4 / Math.sqrt(N));
    }
  });
});

describe('log returns over many ticks', () => {
  // Disjoint windows spread over a whole side of the origin exercise every level of the
  // bridge, and the anchors' drift: a sign error there shows as a mean of the wrong sign.
  const WINDOWS = 1_000;
  for (const ticks of [64, 4_096, 2 ** 22]) {
    for (const side of [1, -1]) {
      it(`over ${ticks} ticks ${side > 0 ? 'after' : 'before'} the origin: mean −σ²T/2, deviation σ√T`, () => {
        const symbolSpec = spec('1HZ100V');
        const path = new PricePath(SEED, symbolSpec);
        const spacing = Math.floor(2 ** 32 / WINDOWS);
        const returns: number[] = [];
        for (let w = 0; w < WINDOWS; w++) {
          const from = side > 0 ? w * spacing : -(w + 1) * spacing;
          returns.push(path.logPriceAtIndex(from + ticks) - path.logPriceAtIndex(from));
        }
        const model = expected(symbolSpec, ticks);
        expect(Math.abs(mean(returns) - model.mean)).toBeLessThan((4 * model.deviation) / Math.sqrt(WINDOWS));
        expect(Math.abs(standardDeviation(returns) / model.deviation - 1)).toBeLessThan(0.1);
      });
    }
  }
});
