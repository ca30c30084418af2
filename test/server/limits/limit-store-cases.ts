import { describe, expect, it, onTestFinished } from 'vitest';
import type { LimitStore } from '../../../src/server/limits/limit-store.js';

/**
 * What every LimitStore does, on the wall clock (short windows, real waits): the memory store
 * and the Redis one run the same cases. `open` gives a fresh, empty store with these windows.
 */
export function limitStoreCases(
  name: string,
  open: (windows: { minuteMs: number; hourMs: number }) => Promise<LimitStore & { close?(): Promise<void> }>,
): void {
  const fresh = async (minuteMs = 60_000, hourMs = 3_600_000) => {
    const store = await open({ minuteMs, hourMs });
    onTestFinished(async () => store.close?.());
    return store;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  describe(`limit store: ${name}`, () => {
    it('counts a weight in both windows, and a negative weight gives back, never below zero', async () => {
      const store = await fresh();
      expect(await store.count('calls', 'a', 1)).toEqual({ minute: 1, hour: 1 });
      expect(await store.count('calls', 'a', 2)).toEqual({ minute: 3, hour: 3 });
      expect(await store.count('calls', 'a', -1)).toEqual({ minute: 2, hour: 2 });
      expect(await store.count('calls', 'a', -5)).toEqual({ minute: 0, hour: 0 });
      expect(await store.count('calls', 'a', 1)).toEqual({ minute: 1, hour: 1 });
      // A give-back to a key never counted leaves it at zero.
      expect(await store.count('failed-authorizations', '10.0.0.1', -1)).toEqual({ minute: 0, hour: 0 });
    });

    it('keeps keys, and the two tables, apart', async () => {
      const store = await fresh();
      await store.count('calls', 'a', 3);
      expect(await store.count('calls', 'b', 1)).toEqual({ minute: 1, hour: 1 });
      expect(await store.count('failed-authorizations', 'a', 1)).toEqual({ minute: 1, hour: 1 });
      expect(await store.count('calls', 'a', 0)).toEqual({ minute: 3, hour: 3 });
    });

    it('a window starts with its first call and ends on the wall clock; the hour goes on counting', async () => {
      // Margins of 700 ms either side, so a loaded machine's pauses do not decide the test.
      const store = await fresh(2_000, 60_000);
      const first = performance.now();
      expect(await store.count('calls', 'k', 1)).toEqual({ minute: 1, hour: 1 });
      await sleep(1_000);
      expect(await store.count('calls', 'k', 1)).toEqual({ minute: 2, hour: 2 });
      // Past the first call's window, before a window restarted by the second call would end.
      await sleep(2_200 - (performance.now() - first));
      const counts = await store.count('calls', 'k', 1);
      expect(performance.now() - first).toBeLessThan(2_900);
      expect(counts).toEqual({ minute: 1, hour: 3 });
      // The hour window ends the same way.
    });

    it('the hour window ends on its own length too', async () => {
      const store = await fresh(100, 400);
      await store.count('calls', 'k', 5);
      await sleep(450);
      expect(await store.count('calls', 'k', 1)).toEqual({ minute: 1, hour: 1 });
    });

    it('takes connection places up to max per IP, refuses past it, and a release gives one back', async () => {
      const store = await fresh();
      expect(await store.takeConnection('10.0.0.1', 2)).toBe(true);
      expect(await store.takeConnection('10.0.0.1', 2)).toBe(true);
      expect(await store.takeConnection('10.0.0.1', 2)).toBe(false);
      expect(await store.takeConnection('10.0.0.2', 2)).toBe(true);
      store.releaseConnection('10.0.0.1');
      expect(await store.takeConnection('10.0.0.1', 2)).toBe(true);
      expect(await store.takeConnection('10.0.0.1', 2)).toBe(false);
    });

    it('a release of a place never taken frees no other', async () => {
      const store = await fresh();
      expect(await store.takeConnection('10.0.0.1', 1)).toBe(true);
      store.releaseConnection('10.0.0.9');
      expect(await store.takeConnection('10.0.0.1', 1)).toBe(false);
    });
  });
}
