import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyText } from '../../../src/server/trading/trading-errors.js';

/** What moneyText printed before its fast path: the formatter alone. */
const formatter = new Intl.NumberFormat('en-US', {
  useGrouping: false,
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

describe('moneyText', () => {
  it('prints whole cents as the formatter does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e15 }), (cents) => {
        const amount = cents / 100;
        expect(moneyText(amount)).toBe(formatter.format(amount));
      }),
      { numRuns: 20_000 },
    );
  });

  it('prints any other number as the formatter does (halves, tiny, huge, negative zero)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: -1e16, max: 1e16, noNaN: true }),
          fc.double({ min: 1e8, max: 1e10, noNaN: true }),
          fc.integer({ min: 0, max: 1e12 }).map((c) => c / 100 + 1e-9),
        ),
        (amount) => {
          expect(moneyText(amount)).toBe(formatter.format(amount));
        },
      ),
      { numRuns: 20_000 },
    );
    for (const amount of [0, -0, 1.005, 2.675, 0.07, 0.29, 19.5, 1e-9, 0.004999999, 9007199254740.99, 123456789.125])
      expect(moneyText(amount)).toBe(formatter.format(amount));
  });
});
