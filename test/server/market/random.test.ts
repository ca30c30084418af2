import { describe, expect, it } from 'vitest';
import { normalAt, randomSeed, seedFrom } from '../../../src/server/market/random.js';

function isUint32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 2 ** 32;
}

describe('seedFrom', () => {
  it('keeps a uint32 as it is, given as a number or as its decimal text', () => {
    for (const seed of [0, 1, 42, 2 ** 32 - 1]) {
      expect(seedFrom(seed)).toBe(seed);
      expect(seedFrom(String(seed))).toBe(seed);
    }
  });

  it('hashes anything else to a uint32, deterministically', () => {
    for (const value of ['abc', '', ' 42', '4294967296', '-1', 'héllo wörld', -1, 1.5, 2 ** 40, Number.NaN]) {
      expect(isUint32(seedFrom(value))).toBe(true);
      expect(seedFrom(value)).toBe(seedFrom(value));
    }
    // Pinned: a seed given on the command line must give the same market in every version.
    expect(seedFrom('abc')).toBe(3_445_827_480);
  });

  it('maps different strings to different seeds', () => {
    const words = Array.from({ length: 2_000 }, (_, i) => `seed-${i}`);
    words.push('ab', 'ba', 'a', 'aa', 'b', 'abc', 'acb');
    expect(new Set(words.map(seedFrom)).size).toBe(words.length);
  });
});

describe('randomSeed', () => {
  it('returns uint32s that differ between calls', () => {
    const seeds = Array.from({ length: 8 }, randomSeed);
    for (const seed of seeds) expect(isUint32(seed)).toBe(true);
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});

describe('normalAt', () => {
  it('is a pure function of its arguments', () => {
    expect(normalAt(7, 3, 0, 12_345)).toBe(normalAt(7, 3, 0, 12_345));
    const base = normalAt(7, 3, 0, 12_345);
    expect(normalAt(8, 3, 0, 12_345)).not.toBe(base);
    expect(normalAt(7, 4, 0, 12_345)).not.toBe(base);
    expect(normalAt(7, 3, 1, 12_345)).not.toBe(base);
    expect(normalAt(7, 3, 0, 12_346)).not.toBe(base);
  });

  it('tells counters apart by their high 32 bits', () => {
    expect(normalAt(7, 3, 2, 2 ** 32 + 5)).not.toBe(normalAt(7, 3, 2, 5));
    expect(normalAt(7, 3, 2, -5)).not.toBe(normalAt(7, 3, 2, 5));
  });

  it('draws standard normals from consecutive counters', () => {
    const count = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let sumFourth = 0;
    let beyondTwo = 0;
    let lagProduct = 0;
    let previous = 0;
    let allFinite = true;
    for (let counter = 0; counter < count; counter++) {
      const z = normalAt(99, 1, 0, counter);
      allFinite &&= Number.isFinite(z);
      sum += z;
      sumSquares += z * z;
      sumFourth += z ** 4;
      if (Math.abs(z) > 2) beyondTwo++;
      lagProduct += z * previous;
      previous = z;
    }
    expect(allFinite).toBe(true);
    expect(Math.abs(sum / count)).toBeLessThan(4 / Math.sqrt(count));
    expect(Math.abs(sumSquares / count - 1)).toBeLessThan(4 * Math.sqrt(2 / count));
    expect(Math.abs(sumFourth / count - 3)).toBeLessThan(4 * Math.sqrt(96 / count));
    expect(Math.abs(beyondTwo / count - 0.0455)).toBeLessThan(4 * Math.sqrt((0.0455 * 0.9545) / count));
    expect(Math.abs(lagProduct / count)).toBeLessThan(4 / Math.sqrt(count));
  });
});
