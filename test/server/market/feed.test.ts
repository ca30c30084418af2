import { afterEach, describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../../src/server/clock.js';
import { Market } from '../../../src/server/market/market.js';
import type { CandleUpdate, Tick, TickPublished } from '../../../src/server/market/tick.js';

/** 1HZ100V ticks every second of clock time: every 10 ms here. */
const SPEED = 100;

describe('a market listener', () => {
  let market: Market | undefined;
  afterEach(() => market?.close());

  it('gets plain numeric ticks, the same object for every listener, as the market prices them', async () => {
    const published: TickPublished[] = [];
    market = new Market({ seed: 1, onTick: (event) => published.push(event) }, acceleratedClock(SPEED));
    const feed = market.feed('1HZ100V');
    const seen: Tick[][] = [[], []];
    const stops = seen.map((ticks) => feed.onTick((tick) => ticks.push(tick)));
    await until(() => seen[1]!.length >= 2);
    for (const stop of stops) stop();

    const tick = seen[0]![0]!;
    expect(Object.keys(tick).sort()).toEqual(['ask', 'bid', 'epoch', 'pipSize', 'quote', 'symbol']);
    for (const key of ['ask', 'bid', 'epoch', 'pipSize', 'quote'] as const)
      expect(typeof tick[key], key).toBe('number');
    expect(tick).toEqual({ symbol: '1HZ100V', pipSize: 2, ...market.tick('1HZ100V', tick.epoch) });
    expect(seen[1]![0]).toBe(tick);
    expect(seen[0]![1]!.epoch).toBe(tick.epoch + 1);
    expect(published[0]).toMatchObject({ symbol: '1HZ100V', epoch: tick.epoch, subscribers: 2 });
  });

  it('gets the live candle as numbers after every tick', async () => {
    market = new Market({ seed: 1 }, acceleratedClock(SPEED));
    const updates: CandleUpdate[] = [];
    const stop = market.feed('1HZ100V').onCandle(60, (update) => updates.push(update));
    await until(() => updates.length >= 2);
    stop();

    const [first, second] = updates as [CandleUpdate, CandleUpdate];
    expect(first).toMatchObject({
      symbol: '1HZ100V',
      pipSize: 2,
      granularity: 60,
      openTime: first.epoch - (first.epoch % 60),
    });
    for (const key of ['open', 'high', 'low', 'close', 'openTime', 'epoch'] as const)
      expect(typeof first[key], key).toBe('number');
    expect(first.close).toBe(market.tick('1HZ100V', first.epoch).quote);
    expect(first.high).toBeGreaterThanOrEqual(Math.max(first.open, first.close));
    expect(first.low).toBeLessThanOrEqual(Math.min(first.open, first.close));
    // A fresh object per tick, so whoever keeps one (and its serialised bytes) keeps that tick's.
    expect(second).not.toBe(first);
    expect(second.epoch).toBe(first.epoch + 1);
  });
});

async function until(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ticks');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
