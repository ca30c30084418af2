import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalPlaces, roundMoney } from '../../../src/server/trading/money.js';

/** What roundMoney did before its fast path: every amount rounded on its 15-digit text. */
function textRoundMoney(amount: number): number {
  if (!Number.isFinite(amount)) return amount;
  const cents = Math.round(Number((Math.abs(amount) * 100).toPrecision(15)));
  return (Math.sign(amount) * cents) / 100;
}

describe('roundMoney', () => {
  it('rounds half a cent away from zero on the text, as sprintf prints it', () => {
    for (const [amount, rounded] of [
      [1.005, 1.01],
      [-1.005, -1.01],
      [2.675, 2.68],
      [1.0049999, 1],
      [0.125, 0.13],
      [10.994999999999, 10.99],
      [0, 0],
    ] as const)
      expect([amount, roundMoney(amount)]).toEqual([amount, rounded]);
  });

  it('rounds every amount as the text alone did', () => {
    const halfCents = fc.integer({ min: -1e11, max: 1e11 }).map((n) => (n + 0.5) / 100);
    const nearHalf = fc
      .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -50, max: 50 }))
      .map(([n, ulps]) => (n + 0.5) / 100 + ulps * Number.EPSILON * Math.abs(n / 100));
    fc.assert(
      fc.property(fc.oneof(fc.double(), halfCents, nearHalf, fc.double({ min: -1e6, max: 1e6 })), (amount) => {
        expect(roundMoney(amount)).toBe(textRoundMoney(amount));
      }),
      { numRuns: 20_000 },
    );
  });
});

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
