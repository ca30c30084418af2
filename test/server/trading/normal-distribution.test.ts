import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf } from '../../../src/server/trading/normal-distribution.js';

/** Relative difference, so tail values of 1e-300 are held to the same standard as 0.5. */
function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

describe('erfc and normalCdf against reference values', () => {
  // Values printed by CPython's math.erfc / math.erf (C library, correctly rounded to ~1 ulp),
  // and textbook quantiles (Φ(1.6448536269514722) = 0.95).
  const erfcValues: [number, number][] = [
    [-3.5, 1.9999992569016276],
    [-1.3, 1.9340079449406524],
    [-0.5, 1.5204998778130465],
    [0, 1],
    [1e-9, 0.9999999988716208],
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [1.5, 0.033894853524689274],
    [2, 0.004677734981047265],
    [2.5, 0.0004069520174449589],
    [3, 0.000022090496998585438],
    [4, 1.541725790028002e-8],
    [5, 1.5374597944280351e-12],
    [6, 2.1519736712498916e-17],
    [10, 2.088487583762545e-45],
    [20, 5.3958656116079005e-176],
    [26, 5.663192408856143e-296],
  ];
  it.each(erfcValues)('erfc(%d)', (x, expected) => {
    expect(relativeError(erfc(x), expected)).toBeLessThan(1e-14);
  });

  const cdfValues: [number, number][] = [
    [-8, 6.220960574271819e-16],
    [-5, 2.866515718791946e-7],
    [-3, 0.0013498980316300957],
    [-1.96, 0.024997895148220435],
    [-1, 0.15865525393145707],
    [-0.5, 0.3085375387259869],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1, 0.8413447460685429],
    [1.6448536269514722, 0.95],
    [1.96, 0.9750021048517795],
    [3, 0.9986501019683699],
    [5, 0.9999997133484281],
  ];
  it.each(cdfValues)('normalCdf(%d)', (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1e-14);
  });

  it('erf', () => {
    for (const [x, expected] of [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
    ] as const) {
      expect(relativeError(erf(x), expected)).toBeLessThan(1e-14);
      expect(relativeError(erf(-x), -expected)).toBeLessThan(1e-14);
    }
  });

  it('is a distribution function: monotone, symmetric, within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -40, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (x, step) => {
          const p = normalCdf(x);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(normalCdf(x + step)).toBeGreaterThanOrEqual(p);
          expect(Math.abs(p + normalCdf(-x) - 1)).toBeLessThan(1e-15);
        },
      ),
    );
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});
