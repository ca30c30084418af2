import { describe, expect, it } from 'vitest';
import { deriveExpiryRanges, expiryRanges, TRADE_TYPES } from '../../../src/server/trading/offerings.js';

describe('expiryRanges', () => {
  it('gives, for every row of the offerings table, the rows derived from its durations, computed once', () => {
    for (const trade of TRADE_TYPES) {
      expect(expiryRanges(trade)).toEqual(deriveExpiryRanges(trade));
      expect(expiryRanges(trade)).toBe(expiryRanges(trade));
    }
  });

  it('derives the rows in ticks, seconds and days: touch runs from 120 s, digits only in ticks', () => {
    const named = (name: string) => expiryRanges(TRADE_TYPES.find((trade) => trade.name === name)!);
    expect(named('touchnotouch')).toEqual([
      { expiryType: 'tick', unit: 't', min: 5, max: 10 },
      { expiryType: 'intraday', unit: 's', min: 120, max: 86_400 },
      { expiryType: 'daily', unit: 'd', min: 1, max: 365 },
    ]);
    expect(named('digits')).toEqual([{ expiryType: 'tick', unit: 't', min: 1, max: 10 }]);
  });

  it('derives the rows of a trade type that is not in the table', () => {
    const risefall = TRADE_TYPES[0]!;
    const copy = { ...risefall, durations: { t: [2, 3], m: [5, 10] } } as const;
    expect(expiryRanges(copy)).toEqual([
      { expiryType: 'tick', unit: 't', min: 2, max: 3 },
      { expiryType: 'intraday', unit: 's', min: 300, max: 600 },
    ]);
  });
});
