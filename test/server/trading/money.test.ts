import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalPlaces } from '../../../src/server/trading/money.js';

/** What decimalPlaces counted before its fast path: the text split at "e" and ".". */
function splitDecimalPlaces(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const [mantissa = '', exponent] = String(Math.abs(value)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

describe('decimalPlaces', () => {
  it('counts the decimals a number has written in full', () => {
    const cases: [number, number][] = [
      [1, 0],
      [2.5, 1],
      [-2.5, 1],
      [1.005, 3],
      [10.25, 2],
      [1e-7, 7],
      [1.5e-10, 11],
      [1e21, 0],
      [1.5e21, 0],
      [0.1 + 0.2, 17],
      [Number.NaN, 0],
      [Number.POSITIVE_INFINITY, 0],
    ];
    for (const [value, places] of cases) expect([value, decimalPlaces(value)]).toEqual([value, places]);
  });

  it('counts as the text split did, for any number', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer({ min: -1e9, max: 1e9 }).map((cents) => cents / 100),
        ),
        (value) => {
          expect(decimalPlaces(value)).toBe(splitDecimalPlaces(value));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
