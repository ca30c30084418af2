import { describe, expect, it } from 'vitest';
import { BufferOverflowError, ConnectionLostError, DerivError, InvalidArgumentError } from '../../src/client/node.js';
import { acceleratedClock } from '../../src/server/index.js';
import { startBareServer } from '../support/bare-server.js';
import { makeClient } from '../support/clients.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

const fast = () => ({ clock: acceleratedClock(50), market: { seed: 11 } });

describe('subscribe', () => {
  it('unsubscribe before the first reply resolves once the server has forgotten it: the same stream asked again is not AlreadySubscribed', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    await client.connect();
    const request = { ticks: 'R_50' } as const;
    for (let round = 0; round < 3; round++) {
      const first = client.subscribe(request);
      // Sent, not answered yet: the server will open it, and only then can it be forgotten.
      await first.unsubscribe();
      expect(server.subscriptionCount).toBe(0);
      const again = client.subscribe(request);
      const iterator = again[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ msg_type: 'tick' });
      await again.unsubscribe();
    }
  });

  it('is an AsyncIterable of typed ticks; break sends forget and the server holds nothing', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const subscription = client.subscribe({ ticks: 'R_50' });
    expect(subscription.id).toMatch(/^sub-\d+$/);
    const epochs: number[] = [];
    for await (const message of subscription) {
      epochs.push(message.tick.epoch!);
      expect(subscription.serverId).toBe(message.subscription?.id);
      if (epochs.length === 3) break;
    }
    expect(epochs[1]! - epochs[0]!).toBe(2);
    expect(subscription.ended).toBe(true);
    expect(client.streamCount).toBe(0);
    await until(() => server.subscriptionCount === 0);
  });

  it('answers next() calls made before the last one settled, each with its own message, in order', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const subscription = client.subscribe({ ticks: 'R_50' });
    const iterator = subscription[Symbol.asyncIterator]();
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
    const epochs = results.map((result) => (result.value as { tick: { epoch: number } }).tick.epoch);
    expect(epochs[1]).toBeGreaterThan(epochs[0]!);
    expect(epochs[2]).toBeGreaterThan(epochs[1]!);
    const pending = [iterator.next(), iterator.next()];
    await subscription.unsubscribe();
    expect(await Promise.all(pending)).toEqual([
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
  });

  it('delivers to callbacks, and unsubscribe() ends them', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const subscription = client.subscribe({ ticks: '1HZ10V' });
    const seen: number[] = [];
    let ended = 0;
    subscription.on('data', (message) => seen.push(message.tick.epoch!));
    subscription.on('end', () => ended++);
    await until(() => seen.length >= 3);
    await subscription.unsubscribe();
    expect(ended).toBe(1);
    await until(() => server.subscriptionCount === 0);
    const count = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.length).toBe(count);
  });

  it('shares identical requests: one server stream, the latest replayed to a late joiner at once', async () => {
    const server = await startServer({ market: { seed: 3 } }); // real time: R_50 ticks every 2 s
    const client = makeClient({ url: server.url });
    const first = client.subscribe({ ticks: 'R_50' });
    const firstTick = await new Promise<number>((resolve) => first.once('data', (m) => resolve(m.tick.epoch!)));
    const late = client.subscribe({ subscribe: 1, ticks: 'R_50' }); // same request, other key order
    const started = performance.now();
    const replayed = await new Promise<number>((resolve) => late.once('data', (m) => resolve(m.tick.epoch!)));
    expect(performance.now() - started).toBeLessThan(500); // well before the next tick
    expect(replayed).toBe(firstTick);
    expect(server.subscriptionCount).toBe(1);
    expect(client.streamCount).toBe(1);
    await first.unsubscribe();
    expect(server.subscriptionCount).toBe(1); // the late joiner still uses it
    await late.unsubscribe();
    await until(() => server.subscriptionCount === 0);
  });

  it('gives each sharer its own passthrough', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const a = client.subscribe({ ticks: 'R_10', passthrough: { who: 'a' } });
    const b = client.subscribe({ ticks: 'R_10', passthrough: { who: 'b' } });
    const [fromA, fromB] = await Promise.all([
      new Promise<any>((resolve) => a.once('data', resolve)),
      new Promise<any>((resolve) => b.once('data', resolve)),
    ]);
    expect(fromA.passthrough).toEqual({ who: 'a' });
    expect(fromB.passthrough).toEqual({ who: 'b' });
    expect(server.subscriptionCount).toBe(1);
  });

  it('merges a multi-symbol request into one handle with every server id', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const subscription = client.subscribe({ ticks: ['R_50', 'R_100'] });
    const symbols = new Set<string>();
    for await (const message of subscription) {
      symbols.add(message.tick.symbol!);
      if (symbols.size === 2) break;
    }
    expect(subscription.serverIds).toHaveLength(2);
    await until(() => server.subscriptionCount === 0);
  });

  it('ticks_history: the history comes first, then the stream; a late joiner gets both', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const subscription = client.subscribe({ ticks_history: 'R_25', end: 'latest', count: 5 });
    const types: string[] = [];
    for await (const message of subscription) {
      types.push(message.msg_type);
      if (types.length === 2) break;
    }
    expect(types).toEqual(['history', 'tick']);

    const first = client.subscribe({ ticks_history: 'R_25', end: 'latest', count: 5, style: 'ticks' });
    await new Promise((resolve) => first.once('data', resolve));
    const late = client.subscribe({ ticks_history: 'R_25', end: 'latest', count: 5, style: 'ticks' });
    const lateTypes: string[] = [];
    for await (const message of late) {
      lateTypes.push(message.msg_type);
      if (lateTypes.length === 2) break;
    }
    expect(lateTypes).toEqual(['history', 'tick']);
  });

  it('ends the iterator with a DerivError when the server refuses', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const subscription = client.subscribe({ ticks: 'NOPE_1' });
    const errors: unknown[] = [];
    subscription.on('error', (error) => errors.push(error));
    let caught: unknown;
    try {
      for await (const _ of subscription) throw new Error('no message expected');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DerivError);
    expect(caught).toMatchObject({ code: 'InvalidSymbol', message: 'Symbol NOPE_1 invalid.' });
    expect(errors).toEqual([caught]);
    expect(client.streamCount).toBe(0);
  });

  it('keeps a slow consumer bounded, dropping the oldest and counting them', async () => {
    const server = await startServer({ clock: acceleratedClock(100), market: { seed: 5 } });
    const client = makeClient({ url: server.url });
    const subscription = client.subscribe({ ticks: '1HZ50V' }, { bufferSize: 5 });
    const iterator = subscription[Symbol.asyncIterator]();
    const first = await iterator.next();
    // Ticks arrive unread (about 30 in 300 ms at 100×): waited for, not slept on, so a loaded machine
    // that delivers them more slowly still gets there.
    await until(() => subscription.dropped > 10, 10_000);
    const epochs: number[] = [];
    for (let i = 0; i < 5; i++) epochs.push(((await iterator.next()).value as any).tick.epoch);
    // What is left are the newest five, in order, far newer than the first. (At 100× a loaded
    // server may publish only the latest of two ticks due at once, so they need not be 1 s apart.)
    for (let i = 1; i < 5; i++) expect(epochs[i]!).toBeGreaterThan(epochs[i - 1]!);
    expect(epochs[0]! - (first.value as any).tick.epoch).toBeGreaterThan(10);
    await iterator.return!();
  });

  it('under the error policy, overflow ends the iteration with BufferOverflowError', async () => {
    const server = await startServer({ clock: acceleratedClock(100), market: { seed: 5 } });
    const client = makeClient({ url: server.url });
    const subscription = client.subscribe({ ticks: '1HZ50V' }, { bufferSize: 3, overflow: 'error' });
    const iterator = subscription[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(
      (async () => {
        for (;;) if ((await iterator.next()).done) return;
      })(),
    ).rejects.toBeInstanceOf(BufferOverflowError);
    await until(() => server.subscriptionCount === 0);
  });

  it('closing the client ends every iterator', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const a = client.subscribe({ ticks: 'R_50' });
    const b = client.subscribe({ ticks: 'R_100' });
    const consume = async (subscription: typeof a) => {
      let n = 0;
      for await (const _ of subscription) n++;
      return n;
    };
    const done = Promise.all([consume(a), consume(b)]);
    await until(() => a.latest !== undefined && b.latest !== undefined);
    await client.close();
    const counts = await done;
    expect(counts.every((n) => n > 0)).toBe(true);
  });

  it('without reconnecting, a lost connection ends iterators with ConnectionLostError', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url, reconnect: false });
    const subscription = client.subscribe({ ticks: 'R_50' });
    await new Promise((resolve) => subscription.once('data', resolve));
    const ended = (async () => {
      for await (const _ of subscription);
    })().catch((error: unknown) => error);
    await server.close();
    expect(await ended).toBeInstanceOf(ConnectionLostError);
  });

  it('forgetAll stops those streams on the server and ends their handles', async () => {
    const server = await startServer(fast());
    const client = makeClient({ url: server.url });
    const ticks = client.subscribe({ ticks: ['R_50', 'R_10'] });
    const candles = client.subscribe({
      ticks_history: 'R_50',
      end: 'latest',
      style: 'candles',
      granularity: 60,
      count: 1,
    });
    await until(() => ticks.serverIds.length === 2 && candles.serverId !== undefined);
    const ids = await client.forgetAll('ticks');
    expect(ids.sort()).toEqual([...ticks.serverIds].sort());
    expect(ticks.ended).toBe(true);
    expect(candles.ended).toBe(false);
    expect(server.subscriptionCount).toBe(1);
  });

  it('unsubscribing before the first tick still leaves nothing on the server', async () => {
    const server = await startServer({ market: { seed: 1 } }); // real time: the first tick takes up to 2 s
    const client = makeClient({ url: server.url });
    await client.connect();
    const subscription = client.subscribe({ ticks: 'R_75' });
    await until(() => server.subscriptionCount === 1);
    await subscription.unsubscribe();
    await until(() => server.subscriptionCount === 0, 4_000);
  });

  it('never shares a money-moving stream', async () => {
    const bare = await startBareServer();
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    client.subscribe({ buy: '1', price: 10 } as never);
    client.subscribe({ buy: '1', price: 10 } as never);
    await until(() => bare.received.length === 2);
    expect(client.streamCount).toBe(2);
  });

  it('refuses a call that does not stream, synchronously', () => {
    const client = makeClient({ url: 'ws://127.0.0.1:1/websockets/v3?app_id=1089' });
    expect(() => client.subscribe({ ping: 1 } as never)).toThrow(InvalidArgumentError);
    expect(() => client.subscribe({ ticks: 'R_50', req_id: 1 } as never)).toThrow(InvalidArgumentError);
    expect(client.state.status).toBe('idle');
  });
});
