import { describe, expect, it } from 'vitest';
import { ApiError, Reply } from '../../src/server/index.js';
import { handshakeRefusal, RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';

describe('the scriptable server', () => {
  it('handle() adds a fake call that counts what it receives, after the usual checks', async () => {
    const server = await startServer();
    let buys = 0;
    server.handle('buy', ({ args }) => {
      buys++;
      return {
        buy_price: args.price,
        contract_id: 1000 + buys,
        longcode: 'test',
        balance_after: 9990,
        payout: 20,
        purchase_time: 1,
        start_time: 1,
        shortcode: 'X',
        transaction_id: 1,
      };
    });
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ buy: '1', price: 10 })).error.code).toBe('AuthorizationRequired');
    expect(buys).toBe(0);
    await raw.request({ authorize: server.demoToken });
    const reply = await raw.request({ buy: '1', price: 10, req_id: 3 });
    expect(reply).toMatchObject({ msg_type: 'buy', buy: { contract_id: 1001, buy_price: 10 }, req_id: 3 });
    expect(buys).toBe(1);
    expect(server.callCount('buy')).toBe(2);
  });

  it('handle() can answer errors, Reply shapes, and define new calls; the returned function restores', async () => {
    const server = await startServer();
    const restore = server.handle('time', () => {
      throw new ApiError('MarketIsClosed', 'The market is closed.');
    });
    server.handle('my_call', ({ args }) => new Reply('my_call', { my_call: { echoed: args.value } }));
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ time: 1 })).error).toEqual({
      code: 'MarketIsClosed',
      message: 'The market is closed.',
    });
    expect((await raw.request({ my_call: 1, value: 7 })).my_call).toEqual({ echoed: 7 });
    restore();
    expect(typeof (await raw.request({ time: 1 })).time).toBe('number');
  });

  it('inject() delays, fails or swallows requests of a call, as many times as asked', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    server.inject('ping', { delayMs: 150, times: 1 });
    const started = performance.now();
    await raw.request({ ping: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    server.inject('ping', {
      error: { code: 'WrongResponse', message: 'Sorry, an error occurred while processing your request.' },
      times: 1,
    });
    expect((await raw.request({ ping: 1, req_id: 2 })).error.code).toBe('WrongResponse');
    const remove = server.inject('ping', { drop: true });
    raw.send({ ping: 1, req_id: 3 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(raw.messages.some((message) => message.req_id === 3)).toBe(false);
    remove();
    expect((await raw.request({ ping: 1, req_id: 4 })).ping).toBe('pong');
  });

  it('dropAll() cuts connections abruptly, or with a code', async () => {
    const server = await startServer();
    const a = await RawSocket.open(server.url);
    server.dropAll();
    expect((await a.closed).code).toBe(1006);
    const b = await RawSocket.open(server.url);
    server.dropAll(1011, 'chaos');
    expect(await b.closed).toEqual({ code: 1011, reason: 'chaos' });
  });

  it('pause() refuses new connections with 503 and keeps open ones; resume() lets them in', async () => {
    const server = await startServer();
    const open = await RawSocket.open(server.url);
    server.pause();
    expect((await handshakeRefusal(server.url)).status).toBe(503);
    expect((await open.request({ ping: 1 })).ping).toBe('pong');
    server.resume();
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
  });

  it('onRequest() reports every call in the order received, with the account', async () => {
    const server = await startServer();
    const seen: string[] = [];
    const stop = server.onRequest(({ call, loginid }) => seen.push(`${call}${loginid ? `@${loginid}` : ''}`));
    const raw = await RawSocket.open(server.url);
    await raw.request({ ping: 1 });
    await raw.request({ authorize: server.demoToken });
    await raw.request({ balance: 1 });
    stop();
    await raw.request({ time: 1 });
    expect(seen).toEqual(['ping', 'authorize', 'balance@VRTC1000001']);
  });
});

describe('server rate limits', () => {
  it('answers RateLimit past the budget, with the real message, and exempts ping and time', async () => {
    const server = await startServer({
      rateLimits: { limits: { general: { minutely: 3, hourly: 100 } }, minuteMs: 60_000 },
    });
    const raw = await RawSocket.open(server.url);
    for (let i = 0; i < 3; i++) expect((await raw.answered({ website_status: 1 })).msg_type).toBe('website_status');
    expect(await raw.request({ website_status: 1, req_id: 9 })).toEqual({
      echo_req: { website_status: 1, req_id: 9 },
      error: { code: 'RateLimit', message: 'You have reached the rate limit for website_status.' },
      msg_type: 'website_status',
      req_id: 9,
    });
    // Invalid requests count too, as on the real server.
    expect((await raw.request({ website_status: 2 })).error.code).toBe('RateLimit');
    for (let i = 0; i < 10; i++) expect((await raw.request({ ping: 1 })).ping).toBe('pong');
    expect((await raw.answered({ time: 1 })).msg_type).toBe('time');
  });

  it('opens a new window after the window length; connections from one IP and User-Agent share it', async () => {
    // A window long enough that four round trips fit in it on a loaded machine.
    const server = await startServer({
      rateLimits: { limits: { general: { minutely: 2, hourly: 100 } }, minuteMs: 1_000 },
    });
    const a = await RawSocket.open(server.url);
    const b = await RawSocket.open(server.url);
    await a.request({ active_symbols: 'brief' });
    await a.request({ active_symbols: 'brief' });
    expect((await a.request({ active_symbols: 'brief' })).error.code).toBe('RateLimit');
    expect((await b.request({ active_symbols: 'brief' })).error.code).toBe('RateLimit');
    await new Promise((resolve) => setTimeout(resolve, 1_020));
    expect((await a.answered({ active_symbols: 'brief' })).msg_type).toBe('active_symbols');
  });

  it('publishes the limits it enforces in website_status', async () => {
    const server = await startServer({
      rateLimits: { limits: { general: { minutely: 42, hourly: 420 }, outcome: { minutely: 4, hourly: 40 } } },
    });
    const raw = await RawSocket.open(server.url);
    const limits = (await raw.request({ website_status: 1 })).website_status.api_call_limits;
    expect(limits.max_requestes_general).toEqual({
      applies_to: 'rest of the available calls',
      minutely: 42,
      hourly: 420,
    });
    expect(limits.max_requests_outcome).toMatchObject({ minutely: 4, hourly: 40 });
    expect(limits.max_requests_pricing).toMatchObject({ minutely: 80, hourly: 3600 });
  });
});
