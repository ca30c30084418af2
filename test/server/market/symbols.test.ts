import { describe, expect, it } from 'vitest';
import { SYMBOLS, symbolSpec } from '../../../src/server/market/symbols.js';

describe('the volatility symbols', () => {
  it('lists the ten indices in display order', () => {
    expect(SYMBOLS.map((spec) => spec.symbol)).toEqual([
      'R_10',
      'R_25',
      'R_50',
      'R_75',
      'R_100',
      '1HZ10V',
      '1HZ25V',
      '1HZ50V',
      '1HZ75V',
      '1HZ100V',
    ]);
    expect(SYMBOLS.map((spec) => spec.displayOrder)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('gives each symbol its own random-number index', () => {
    expect(new Set(SYMBOLS.map((spec) => spec.index)).size).toBe(SYMBOLS.length);
  });

  it('keeps pip and pip size consistent, and sigma equal to the index number over 100', () => {
    for (const spec of SYMBOLS) {
      expect(spec.pip).toBeCloseTo(10 ** -spec.pipSize, 12);
      const indexNumber = Number(/(\d+)/.exec(spec.displayName)![1]);
      expect(spec.sigma).toBeCloseTo(indexNumber / 100, 12);
      expect(spec.intervalSeconds).toBe(spec.symbol.startsWith('1HZ') ? 1 : 2);
    }
  });

  it('looks symbols up by name', () => {
    expect(symbolSpec('R_75')?.displayName).toBe('Volatility 75 Index');
    expect(symbolSpec('1HZ100V')?.startPrice).toBe(1250);
    expect(symbolSpec('frxEURUSD')).toBeUndefined();
  });
});
