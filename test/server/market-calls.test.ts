import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_ID_PATTERN } from '../../src/protocol/envelope.js';
import { acceleratedClock } from '../../src/server/index.js';
import { HISTORY_SECONDS } from '../../src/server/market/market.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

/** A market 50× faster than real time: R_* tick every 40 ms, 1HZ* every 20 ms. */
const fast = () => ({ clock: acceleratedClock(50), market: { seed: 7 } });

describe('active_symbols', () => {
  it('lists the ten volatility indices with the brief fields', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({ active_symbols: 'brief', product_type: 'basic', req_id: 1 });
    expect(reply.msg_type).toBe('active_symbols');
    expect(reply.active_symbols.map((s: { symbol: string }) => s.symbol)).toEqual([
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
    expect(reply.active_symbols[2]).toEqual({
      display_name: 'Volatility 50 Index',
      display_order: 3,
      exchange_is_open: 1,
      is_trading_suspended: 0,
      market: 'synthetic_index',
      market_display_name: 'Derived',
      pip: 0.0001,
      subgroup: 'synthetics',
      subgroup_display_name: 'Synthetics',
      submarket: 'random_index',
      submarket_display_name: 'Continuous Indices',
      symbol: 'R_50',
      symbol_type: 'stockindex',
    });
  });

  it('adds spot and exchange fields in full', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    const [first] = (await raw.request({ active_symbols: 'full' })).active_symbols;
    expect(first).toMatchObject({
      symbol: 'R_10',
      exchange_name: 'RANDOM',
      delay_amount: 0,
      quoted_currency_symbol: '',
    });
    expect(typeof first.spot).toBe('number');
    expect(first.spot_time).toMatch(/^\d+$/);
    expect(first.spot_percentage_change).toMatch(/^-?\d+\.\d\d$/);
  });

  it('refuses other values', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ active_symbols: 'some' })).error.code).toBe('InputValidationFailed');
  });
});

describe('ticks', () => {
  it('sends no reply at once; the first message is the next tick, with the full envelope', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks: 'R_50', req_id: 5, passthrough: { me: 1 } });
    const [first, second] = [await raw.message(0), await raw.message(1)];
    expect(Object.keys(first)).toEqual(['echo_req', 'msg_type', 'req_id', 'passthrough', 'subscription', 'tick']);
    expect(first.echo_req).toEqual({ ticks: 'R_50', req_id: 5, passthrough: { me: 1 } });
    expect(first.msg_type).toBe('tick');
    expect(first.req_id).toBe(5);
    expect(first.passthrough).toEqual({ me: 1 });
    expect(first.subscription.id).toMatch(SUBSCRIPTION_ID_PATTERN);
    expect(Object.keys(first.tick)).toEqual(['ask', 'bid', 'epoch', 'id', 'pip_size', 'quote', 'symbol']);
    expect(first.tick).toMatchObject({ id: first.subscription.id, pip_size: 4, symbol: 'R_50' });
    expect(first.tick.bid).toBeLessThan(first.tick.quote);
    expect(first.tick.ask).toBeGreaterThan(first.tick.quote);
    expect(Number.isInteger(first.tick.epoch)).toBe(true);
    // R_50 ticks every 2 s; a feed that stalled (a busy machine) skips to the newest tick, never bursts.
    expect(second.tick.epoch - first.tick.epoch).toBeGreaterThan(0);
    expect((second.tick.epoch - first.tick.epoch) % 2).toBe(0);
    expect(second.subscription.id).toBe(first.subscription.id);
    expect(server.subscriptionCount).toBe(1);
  });

  it('ticks 1 s apart for 1HZ symbols, with quotes on the pip', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks: '1HZ100V' });
    const ticks = [];
    for (let i = 0; i < 4; i++) ticks.push((await raw.message(i)).tick);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].epoch - ticks[i - 1].epoch).toBe(1);
    for (const tick of ticks) expect(String(tick.quote)).toMatch(/^\d+(\.\d{1,2})?$/);
  });

  it('opens one stream per symbol for an array', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks: ['R_50', 'R_100'] });
    const seen = new Map<string, string>();
    for (let i = 0; seen.size < 2; i++) {
      const { tick, subscription } = await raw.message(i);
      seen.set(tick.symbol, subscription.id);
    }
    expect(new Set(seen.values()).size).toBe(2);
    expect(server.subscriptionCount).toBe(2);
  });

  it('refuses a duplicate with AlreadySubscribed, and an unknown symbol with InvalidSymbol', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks: ['R_50', 'R_100'] });
    await raw.message(0);
    expect(await raw.requestById({ ticks: 'R_50', req_id: 9 })).toEqual({
      echo_req: { ticks: 'R_50', req_id: 9 },
      error: { code: 'AlreadySubscribed', message: 'You are already subscribed to R_50' },
      msg_type: 'tick',
      req_id: 9,
    });
    expect(await raw.requestById({ ticks: 'NOPE_1', req_id: 10 })).toEqual({
      echo_req: { ticks: 'NOPE_1', req_id: 10 },
      error: { code: 'InvalidSymbol', message: 'Symbol NOPE_1 invalid.' },
      msg_type: 'tick',
      req_id: 10,
    });
    expect(server.subscriptionCount).toBe(2);
  });

  it('validates the symbol pattern and the subscribe flag', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ ticks: 'R_50', subscribe: 0 })).error).toMatchObject({
      code: 'InputValidationFailed',
      details: { subscribe: 'Not in enum list: 1.' },
    });
    expect((await raw.request({ ticks: 'x' })).error.code).toBe('InputValidationFailed');
    expect((await raw.request({ ticks: [] })).error.code).toBe('InputValidationFailed');
  });
});

describe('ticks_history', () => {
  it('answers the latest ticks, oldest first, spaced by the interval and ending now', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({ ticks_history: 'R_100', end: 'latest', count: 10, req_id: 2 });
    expect(Object.keys(reply)).toEqual(['echo_req', 'msg_type', 'history', 'pip_size', 'req_id']);
    expect(reply.msg_type).toBe('history');
    expect(reply.pip_size).toBe(2);
    const { prices, times } = reply.history;
    expect(prices).toHaveLength(10);
    expect(times).toHaveLength(10);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(2);
  });

  it('has at least 5000 ticks at once, and clamps count to 5000', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({ ticks_history: '1HZ10V', end: 'latest', count: 6000, start: 1 });
    expect(reply.history.prices).toHaveLength(5000);
    const defaults = await raw.request({ ticks_history: 'R_10', end: 'latest' });
    expect(defaults.history.prices).toHaveLength(1000);
  });

  it('answers candles for every granularity, aligned, with numeric OHLC', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    for (const granularity of [60, 120, 180, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400]) {
      const reply = await raw.request({
        ticks_history: 'R_50',
        end: 'latest',
        style: 'candles',
        granularity,
        count: 20,
      });
      expect(reply.msg_type, String(granularity)).toBe('candles');
      expect(reply.candles).toHaveLength(20);
      for (const candle of reply.candles) {
        expect(candle.epoch % granularity).toBe(0);
        expect(candle.high).toBeGreaterThanOrEqual(Math.max(candle.open, candle.close));
        expect(candle.low).toBeLessThanOrEqual(Math.min(candle.open, candle.close));
      }
    }
  });

  it('infers candles from a granularity, and refuses an unknown granularity or a start after the end', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ ticks_history: 'R_50', end: 'latest', granularity: 60, count: 3 })).msg_type).toBe(
      'candles',
    );
    expect((await raw.request({ ticks_history: 'R_50', end: 'latest', granularity: 61 })).error.code).toBe(
      'InputValidationFailed',
    );
    const now = Math.floor(Date.now() / 1000);
    const backwards = await raw.request({ ticks_history: 'R_50', end: String(now - 1000), start: now - 100 });
    expect(backwards.error).toEqual({
      code: 'InvalidStartEnd',
      message: `Start time ${now - 100} must be before end time ${now - 1000}`,
    });
    expect((await raw.request({ ticks_history: 'R_50' })).error.details).toEqual({ end: 'Missing property.' });
    expect((await raw.request({ ticks_history: 'NOPE', end: 'latest' })).error).toMatchObject({
      code: 'InvalidSymbol',
    });
  });

  it('keeps history inside the market’s three years: nothing before them, however far back end is', async () => {
    const now = Date.UTC(2026, 5, 1) / 1000;
    const server = await startServer({ clock: acceleratedClock(1, now * 1000) });
    const raw = await RawSocket.open(server.url);
    const historyBegins = now - HISTORY_SECONDS;
    // An end in 1970 once answered daily candles back to 1956, and ticks of 1970.
    const distantPast = { ticks_history: 'R_50', end: '100000', style: 'candles', granularity: 86400, count: 5000 };
    expect(await raw.answered(distantPast)).toMatchObject({ msg_type: 'candles', candles: [] });
    expect(await raw.answered({ ticks_history: 'R_50', end: String(historyBegins - 10) })).toMatchObject({
      msg_type: 'history',
      history: { prices: [], times: [] },
    });
    // A window that reaches past the beginning is cut there: the first candle is the one the beginning falls in.
    const daily = await raw.answered({
      ticks_history: 'R_50',
      end: 'latest',
      style: 'candles',
      granularity: 86400,
      count: 5000,
    });
    expect(daily.candles[0].epoch).toBe(historyBegins - (historyBegins % 86400));
    const ticks = await raw.answered({ ticks_history: 'R_50', end: String(historyBegins + 100), count: 5000 });
    expect(ticks.history.times[0]).toBeGreaterThanOrEqual(historyBegins);
  });

  it('with subscribe, sends the history with the subscription id, then ticks on that id', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks_history: 'R_50', end: 'latest', count: 5, subscribe: 1, req_id: 3 });
    const history = await raw.message(0);
    expect(history.msg_type).toBe('history');
    expect(history.subscription.id).toMatch(SUBSCRIPTION_ID_PATTERN);
    const tick = await raw.message(1);
    expect(tick).toMatchObject({ msg_type: 'tick', req_id: 3, subscription: { id: history.subscription.id } });
    expect(tick.echo_req).toEqual({ ticks_history: 'R_50', end: 'latest', count: 5, subscribe: 1, req_id: 3 });
    expect(tick.tick.epoch).toBeGreaterThan(history.history.times.at(-1));
    // The stream coexists with a plain ticks stream on the same symbol.
    raw.send({ ticks: 'R_50', req_id: 4 });
    const plain = await raw.reply(4);
    expect(plain.error).toBeUndefined();
    expect(plain.msg_type).toBe('tick');
    expect(plain.subscription.id).toMatch(SUBSCRIPTION_ID_PATTERN);
    expect(plain.subscription.id).not.toBe(history.subscription.id);
  });

  it('with subscribe and candles, streams ohlc with string values', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks_history: 'R_100', end: 'latest', style: 'candles', granularity: 60, count: 3, subscribe: 1 });
    const candles = await raw.message(0);
    expect(candles.msg_type).toBe('candles');
    const ohlc = await raw.message(1);
    expect(ohlc.msg_type).toBe('ohlc');
    expect(Object.keys(ohlc.ohlc)).toEqual([
      'close',
      'epoch',
      'granularity',
      'high',
      'id',
      'low',
      'open',
      'open_time',
      'pip_size',
      'symbol',
    ]);
    expect(ohlc.ohlc).toMatchObject({ granularity: 60, id: candles.subscription.id, pip_size: 2, symbol: 'R_100' });
    for (const field of ['open', 'high', 'low', 'close']) expect(ohlc.ohlc[field]).toMatch(/^\d+\.\d{2}$/);
    expect(ohlc.ohlc.open_time).toBe(ohlc.ohlc.epoch - (ohlc.ohlc.epoch % 60));
    const again = await raw.requestById({
      ticks_history: 'R_100',
      end: 'latest',
      style: 'candles',
      granularity: 60,
      subscribe: 1,
      req_id: 8,
    });
    expect(again.error).toEqual({ code: 'AlreadySubscribed', message: 'You are already subscribed to R_100' });
  });

  it('is the same market for two servers with the same seed', async () => {
    const a = await startServer({ market: { seed: 'shared' } });
    const b = await startServer({ market: { seed: 'shared' } });
    const c = await startServer({ market: { seed: 'other' } });
    // An end in the past: `latest` (or a future end) would move on by a tick between the servers' answers.
    const history = async (url: string) =>
      (await (await RawSocket.open(url)).request({ ticks_history: 'R_25', end: '1780000000', count: 50 })).history;
    expect(await history(a.url)).toEqual(await history(b.url));
    expect(await history(a.url)).not.toEqual(await history(c.url));
    expect(a.seed).toBe(b.seed);
  });
});

describe('forget and forget_all', () => {
  it('forget answers 1 for a live stream, then 0, and stops it', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks: 'R_50' });
    const { subscription } = await raw.message(0);
    expect(await raw.requestById({ forget: subscription.id, req_id: 1 })).toEqual({
      echo_req: { forget: subscription.id, req_id: 1 },
      msg_type: 'forget',
      forget: 1,
      req_id: 1,
    });
    expect(server.subscriptionCount).toBe(0);
    expect((await raw.requestById({ forget: subscription.id, req_id: 2 })).forget).toBe(0);
    const count = raw.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(raw.messages.length).toBe(count);
  });

  it('forget of an unknown id answers 0; a malformed id is InputValidationFailed', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ forget: '00000000-0000-0000-0000-000000000000' })).forget).toBe(0);
    expect((await raw.request({ forget: 'abc' })).error).toMatchObject({
      code: 'InputValidationFailed',
      details: { forget: expect.stringMatching(/String does not match/) },
    });
  });

  it('cannot forget another connection’s stream', async () => {
    const server = await startServer(fast());
    const owner = await RawSocket.open(server.url);
    const intruder = await RawSocket.open(server.url);
    owner.send({ ticks: 'R_50' });
    const { subscription } = await owner.message(0);
    expect((await intruder.request({ forget: subscription.id })).forget).toBe(0);
    expect(server.subscriptionCount).toBe(1);
  });

  it('forget_all stops the streams of the given types and answers their ids', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks: ['R_50', 'R_10'] });
    raw.send({ ticks_history: 'R_100', end: 'latest', style: 'candles', granularity: 60, count: 1, subscribe: 1 });
    await until(() => server.subscriptionCount >= 3);
    const ticks = await raw.requestById({ forget_all: 'ticks', req_id: 11 });
    expect(ticks.forget_all).toHaveLength(2);
    for (const id of ticks.forget_all) expect(id).toMatch(SUBSCRIPTION_ID_PATTERN);
    expect(server.subscriptionCount).toBe(1);
    expect((await raw.requestById({ forget_all: ['candles', 'balance'], req_id: 12 })).forget_all).toHaveLength(1);
    expect((await raw.requestById({ forget_all: 'ticks', req_id: 13 })).forget_all).toEqual([]);
    expect((await raw.requestById({ forget_all: 'nonsense', req_id: 14 })).error.code).toBe('InputValidationFailed');
    expect(server.subscriptionCount).toBe(0);
  });

  it('drops every stream of a connection when it closes', async () => {
    const server = await startServer(fast());
    const raw = await RawSocket.open(server.url);
    raw.send({ ticks: ['R_50', 'R_100', '1HZ10V'] });
    await raw.message(0);
    expect(server.subscriptionCount).toBe(3);
    raw.socket.close();
    await raw.closed;
    await until(() => server.subscriptionCount === 0);
    expect(server.subscriptionCount).toBe(0);
  });
});
