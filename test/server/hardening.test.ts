import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { acceleratedClock } from '../../src/server/index.js';
import { MAX_INBOUND_BYTES } from '../../src/protocol/limits.js';
import { handshakeRefusal, RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

describe('connection caps', () => {
  it('refuses connections past maxConnections with 503', async () => {
    const server = await startServer({ maxConnections: 2 });
    await Promise.all([RawSocket.open(server.url), RawSocket.open(server.url)]);
    expect(await handshakeRefusal(server.url)).toEqual({ status: 503, body: '{"error":"ServiceUnavailable"}' });
  });

  it('refuses connections past maxConnectionsPerIp with 429, and counts closes back', async () => {
    const server = await startServer({ maxConnectionsPerIp: 2 });
    const [first] = await Promise.all([RawSocket.open(server.url), RawSocket.open(server.url)]);
    expect(await handshakeRefusal(server.url)).toEqual({ status: 429, body: '{"error":"TooManyConnections"}' });
    first!.socket.close();
    await first!.closed;
    await until(() => server.connectionCount === 1);
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
  });

  it('leaves loopback uncapped by default: 1 005 connections from this machine all open', async () => {
    const server = await startServer();
    const sockets = await Promise.all(Array.from({ length: 1_005 }, () => RawSocket.open(server.url)));
    await until(() => server.connectionCount === 1_005);
    expect((await sockets.at(-1)!.request({ ping: 1 })).ping).toBe('pong');
    for (const raw of sockets) raw.socket.terminate();
    await until(() => server.connectionCount === 0);
  }, 30_000);

  it('refuses an Origin outside the allowlist with 403 AccessRestricted', async () => {
    const server = await startServer({ allowedOrigins: ['https://app.example.com'] });
    expect(await handshakeRefusal(server.url)).toEqual({ status: 403, body: '{"error":"AccessRestricted"}' });
    const allowed = await RawSocket.open(server.url, { origin: 'https://app.example.com' });
    expect((await allowed.request({ ping: 1 })).ping).toBe('pong');
  });

  it('answers 408 to a TCP connection that does not finish its handshake in time, and closes it', async () => {
    const server = await startServer({ handshakeTimeoutMs: 100 });
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const started = performance.now();
    await new Promise((resolve) => socket.once('close', resolve));
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(received).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
  });

  it('refuses streams past maxSubscriptionsPerConnection, all or nothing', async () => {
    const server = await startServer({ maxSubscriptionsPerConnection: 2 });
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ ticks: ['R_10', 'R_25', 'R_50'], req_id: 1 })).toEqual({
      echo_req: { ticks: ['R_10', 'R_25', 'R_50'], req_id: 1 },
      error: {
        code: 'SubscriptionLimitReached',
        message: 'You have reached the limit of 2 subscriptions on this connection.',
        details: { limit: 2 },
      },
      msg_type: 'ticks',
      req_id: 1,
    });
    expect(server.subscriptionCount).toBe(0);
    raw.send({ ticks: ['R_10', 'R_25'] });
    await until(() => server.subscriptionCount === 2);
    const refused = await raw.requestById({ ticks_history: 'R_50', end: 'latest', count: 1, subscribe: 1, req_id: 2 });
    expect(refused.error.code).toBe('SubscriptionLimitReached');
  });
});

describe('backpressure', () => {
  it('disconnects a slow consumer with 1008, and the others keep their ticks on time', async () => {
    const server = await startServer({ clock: acceleratedClock(200), maxBufferedBytes: 64 * 1024 });
    const fast = await RawSocket.open(server.url);
    fast.send({ ticks: '1HZ100V' });
    // A client that stops reading: its socket buffer fills, then the server's.
    const slow = new WebSocket(server.url, { perMessageDeflate: false });
    await new Promise((resolve) => slow.once('open', resolve));
    const closed = new Promise<string>((resolve) =>
      slow.once('close', (code, reason) => resolve(`${code} ${reason.toString()}`)),
    );
    slow.send(JSON.stringify({ ticks_history: 'R_10', end: 'latest', count: 5000, subscribe: 1 }));
    slow.send(JSON.stringify({ ticks: ['R_25', 'R_50', 'R_75', 'R_100', '1HZ10V', '1HZ25V', '1HZ50V', '1HZ75V'] }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    (slow as unknown as { _socket: import('node:net').Socket })._socket.pause();
    // The fast client's one stream, and the slow one's nine, until the server gives up on the slow one.
    await until(() => server.subscriptionCount === 10);
    for (let i = 0; i < 200 && server.subscriptionCount > 1; i++) {
      // Ask for big replies while not reading them.
      slow.send(JSON.stringify({ ticks_history: 'R_10', end: 'latest', count: 5000 }));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Its streams went the moment it was dropped; reading again now lets the close frame
    // (queued behind everything unread) arrive before the server's 1 s grace runs out.
    await until(() => server.subscriptionCount === 1, 10_000);
    (slow as unknown as { _socket: import('node:net').Socket })._socket.resume();
    expect(await closed).toMatch(/^1008 slow consumer/);
    const before = fast.messages.length;
    await until(() => fast.messages.length > before + 3);
    expect(fast.socket.readyState).toBe(WebSocket.OPEN);
  }, 20_000);
});

describe('rate-limit keys', () => {
  const tight = { rateLimits: { limits: { general: { minutely: 2, hourly: 100 } } } };

  it('connections from one IP and User-Agent share a budget until authorized; an account has its own', async () => {
    const server = await startServer(tight);
    const a = await RawSocket.open(server.url);
    const b = await RawSocket.open(server.url);
    expect((await a.answered({ active_symbols: 'brief' })).msg_type).toBe('active_symbols');
    expect((await b.answered({ active_symbols: 'brief' })).msg_type).toBe('active_symbols');
    expect((await a.request({ active_symbols: 'brief' })).error.code).toBe('RateLimit');
    // authorize itself is refused too now; a fresh IP/UA budget is another User-Agent.
    const c = await RawSocket.open(server.url, { headers: { 'User-Agent': 'another-bot/1.0' } });
    expect((await c.request({ authorize: server.demoToken })).authorize.loginid).toBe('VRTC1000001');
    expect((await c.answered({ active_symbols: 'brief' })).msg_type).toBe('active_symbols');
  });

  it('per: connection gives each connection its own budget', async () => {
    const server = await startServer({ rateLimits: { ...tight.rateLimits, per: 'connection' } });
    const a = await RawSocket.open(server.url);
    const b = await RawSocket.open(server.url);
    await a.request({ active_symbols: 'brief' });
    await a.request({ active_symbols: 'brief' });
    expect((await a.request({ active_symbols: 'brief' })).error.code).toBe('RateLimit');
    expect((await b.answered({ active_symbols: 'brief' })).msg_type).toBe('active_symbols');
  });
});

describe('graceful drain', () => {
  it('close() lets a reply in progress go out, then closes with 1001', async () => {
    const server = await startServer();
    server.handle('payout_currencies', () => new Promise((resolve) => setTimeout(() => resolve(['USD']), 200)));
    const raw = await RawSocket.open(server.url);
    raw.send({ payout_currencies: 1, req_id: 7 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = server.close();
    expect(await raw.message(0)).toMatchObject({
      msg_type: 'payout_currencies',
      payout_currencies: ['USD'],
      req_id: 7,
    });
    expect((await raw.closed).code).toBe(1001);
    await closing;
  });

  it('close() does not wait for replies whose connection has already gone', async () => {
    const server = await startServer({ drainTimeoutMs: 5_000 });
    server.handle('payout_currencies', () => new Promise(() => {}));
    const raw = await RawSocket.open(server.url);
    raw.send({ payout_currencies: 1 });
    await until(() => server.callCount('payout_currencies') === 1);
    raw.socket.terminate();
    await until(() => server.connectionCount === 0);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('bad input never takes the server down', () => {
  it('a logger that throws takes nothing down: connections open, answer, fail and close as usual', async () => {
    const throwing = () => {
      throw new Error('log stream closed');
    };
    const server = await startServer({ logger: { info: throwing, warn: throwing, error: throwing } });
    server.handle('payout_currencies', () => {
      throw new Error('handler bug');
    });
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ ping: 1 })).ping).toBe('pong');
    expect((await raw.request({ payout_currencies: 1 })).error.code).toBeTypeOf('string');
    raw.socket.close();
    expect((await raw.closed).code).toBe(1005);
    await until(() => server.connectionCount === 0);
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
  });

  it('answers a passthrough nested too deeply to echo, without crashing', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    raw.send(`{"ping":1,"req_id":5,"passthrough":{"x":${deep}}}`);
    const reply = await raw.message(0);
    expect(reply.req_id).toBe(5);
    expect((await raw.request({ ping: 1 })).ping).toBe('pong');
    raw.send(`{"ping":"x","req_id":6,"passthrough":{"x":${deep}}}`);
    expect((await raw.message(2)).error.code).toMatch(/InputValidationFailed|BadRequest/);
  });

  it('answers a request whose secrets are nested too deeply to mask, without crashing or echoing them', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    // 12 000 levels of {"password":…,"a":{…}}: deeper than the stack, yet under the 256 KiB frame limit.
    const levels = 12_000;
    const frame = `{"ping":1,"req_id":7,"x":${'{"password":"q","a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
    expect(frame.length).toBeLessThan(MAX_INBOUND_BYTES);
    raw.send(frame);
    const reply = await raw.message(0);
    expect(reply.req_id).toBe(7);
    expect(reply.echo_req).toEqual({});
    expect(JSON.stringify(reply)).not.toContain('"q"');
    expect((await raw.answered({ ping: 1 })).ping).toBe('pong');
  });
});
