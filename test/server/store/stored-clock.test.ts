import { describe, expect, it } from 'vitest';
import { acceleratedClock, marketTimeAt, systemClock, type ClockAnchor } from '../../../src/server/clock.js';
import { DatabaseRefused } from '../../../src/server/store/errors.js';
import { META_KEYS } from '../../../src/server/store/store.js';
import { resumeStoredClock } from '../../../src/server/store/stored-clock.js';
import { useStoreFiles } from './store-files.js';

const HOUR = 3_600_000;
const keptAnchor = async (store: { meta(key: string): Promise<string | undefined> }) =>
  JSON.parse((await store.meta(META_KEYS.marketClock))!) as ClockAnchor;

describe('the market clock a database keeps', () => {
  const files = useStoreFiles('clock');

  it('the first start stores its anchor; a restart at the same speed carries on that timeline, not the wall clock', async () => {
    const first = files.open();
    const clock = acceleratedClock(50);
    await resumeStoredClock(first, clock, 'db');
    const stored = await keptAnchor(first);
    expect(stored).toEqual(clock.anchor());
    await first.close();

    // Three hours of market time have passed "while it was down": as if the start was 216 s ago.
    const earlier = { ...stored, wallMs: stored.wallMs - 216_000 };
    const second = files.open();
    await second.replaceMeta(META_KEYS.marketClock, JSON.stringify(stored), JSON.stringify(earlier));
    const restarted = acceleratedClock(50);
    expect(Math.abs(restarted.now() - Date.now())).toBeLessThan(1_000);
    await resumeStoredClock(second, restarted, 'db');
    expect(restarted.now() - Date.now()).toBeGreaterThan(3 * HOUR - 5_000);
    expect(Math.abs(restarted.now() - marketTimeAt(earlier, Date.now()))).toBeLessThan(250);
    // The same speed: the same anchor, untouched, so every process on the file agrees.
    expect(restarted.anchor()).toEqual(earlier);
    expect(await keptAnchor(second)).toEqual(earlier);
  });

  it('another speed goes on from the market time reached, and stores a new anchor at that speed', async () => {
    const store = files.open();
    const hoursAhead = { wallMs: Date.now(), marketMs: Date.now() + 10 * HOUR, speed: 50 };
    await store.setOnce(META_KEYS.marketClock, JSON.stringify(hoursAhead));
    const slower = acceleratedClock(1);
    // Bracketed, not compared with a tolerance: at speed 50 a few ms of a loaded machine are
    // hundreds of market ms. The switch happened between these two wall times.
    const before = marketTimeAt(hoursAhead, Date.now());
    await resumeStoredClock(store, slower, 'db');
    const reached = slower.now();
    expect(reached).toBeGreaterThanOrEqual(before - 1);
    expect(reached).toBeLessThanOrEqual(marketTimeAt(hoursAhead, Date.now()) + 1);
    const stored = await keptAnchor(store);
    expect(stored.speed).toBe(1);
    expect(Math.abs(marketTimeAt(stored, Date.now()) - slower.now())).toBeLessThan(250);
    // At speed 1 it now keeps pace with the wall clock, ten hours ahead of it, and never jumps back.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slower.now() - reached).toBeGreaterThanOrEqual(49);
    expect(slower.now() - reached).toBeLessThan(500);
  });

  it('a clock that cannot resume is refused when the database is off its time, and passes when it is not', async () => {
    const store = files.open();
    await resumeStoredClock(store, systemClock, 'x.sqlite');
    expect(await store.meta(META_KEYS.marketClock)).toBeUndefined();

    await store.setOnce(META_KEYS.marketClock, JSON.stringify({ wallMs: Date.now(), marketMs: Date.now(), speed: 1 }));
    await resumeStoredClock(store, systemClock, 'x.sqlite');

    const anchor = await store.meta(META_KEYS.marketClock);
    const ahead = { wallMs: Date.now(), marketMs: Date.now() + 2.5 * HOUR, speed: 1 };
    await store.replaceMeta(META_KEYS.marketClock, anchor!, JSON.stringify(ahead));
    const refusal = await resumeStoredClock(store, systemClock, 'x.sqlite').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DatabaseRefused);
    expect((refusal as DatabaseRefused).reason).toBe('ClockMismatch');
    expect((refusal as Error).message).toBe(
      'x.sqlite keeps a market clock 2.5 h ahead of the wall clock (it ran at another speed): ' +
        'give the server a clock from acceleratedClock(speed) to carry it on, or use another database',
    );
  });

  it('an anchor that is not one is refused, not trusted', async () => {
    for (const text of [
      'not json',
      '{"wallMs":1,"marketMs":2,"speed":0}',
      '{"wallMs":"1","marketMs":2,"speed":1}',
      'null',
    ]) {
      const store = files.open(`${files.dir}/${Math.random()}.sqlite`);
      await store.setOnce(META_KEYS.marketClock, text);
      const refusal = await resumeStoredClock(store, acceleratedClock(2), 'y.sqlite').catch((error: unknown) => error);
      expect((refusal as Error).message).toBe(
        'y.sqlite keeps a market clock anchor that is not one: use another database',
      );
    }
  });
});
