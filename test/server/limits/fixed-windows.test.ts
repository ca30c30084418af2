import { describe, expect, it } from 'vitest';
import { FixedWindows } from '../../../src/server/limits/fixed-windows.js';
import { RateLimiter } from '../../../src/server/limits/rate-limiter.js';
import { MemoryLimitStore } from '../../../src/server/limits/memory-limit-store.js';

function windows(maxKeys = 1_000) {
  let now = 0;
  const table = new FixedWindows({ minuteMs: 60, hourMs: 3_600, maxKeys, now: () => now });
  return { table, advance: (ms: number) => (now += ms) };
}

describe('fixed windows in bounded memory', () => {
  it('counts both windows, and opens a fresh one where a window has run out', () => {
    const { table, advance } = windows();
    expect(table.add('a', 1)).toEqual({ minute: 1, hour: 1 });
    expect(table.add('a', 1)).toEqual({ minute: 2, hour: 2 });
    advance(60);
    expect(table.add('a', 1)).toEqual({ minute: 1, hour: 3 });
    expect(table.add('a', -5)).toEqual({ minute: 0, hour: 0 });
  });

  it('keeps at most maxKeys keys, dropping the least recently used', () => {
    const { table } = windows(3);
    for (const key of ['a', 'b', 'c']) table.add(key, 1);
    table.add('a', 1); // a is now the most recent; b the oldest
    table.add('d', 1);
    expect(table.size).toBe(3);
    expect(table.add('a', 0)).toEqual({ minute: 2, hour: 2 });
    expect(table.add('b', 0)).toEqual({ minute: 0, hour: 0 }); // forgotten: starts afresh
  });

  it('drops keys whose windows have all ended, so clients passing through leave nothing behind', () => {
    const { table, advance } = windows();
    for (let i = 0; i < 500; i++) table.add(`client-${i}`, 1);
    advance(3_600);
    table.add('still-here', 1);
    expect(table.size).toBe(1);
  });

  it('a rate limiter on a flood of one-off app ids and User-Agents stays within maxKeys', () => {
    const store = new MemoryLimitStore({ maxKeys: 100 });
    const limiter = new RateLimiter({}, store, Date.now);
    for (let id = 0; id < 10_000; id++) {
      limiter.admit(
        { id, appId: String(1000 + id), remoteAddress: '10.0.0.1', userAgent: `bot-${id}`, auth: undefined },
        'active_symbols',
      );
      limiter.attempt(`10.0.${id >> 8}.${id & 255}`);
    }
    expect(store.size('calls')).toBe(100);
    expect(store.size('failed-authorizations')).toBe(100);
  });
});
