import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionLostError,
  DerivError,
  InvalidArgumentError,
  TimeoutError,
} from '../../src/client/node.js';
import { answer, closedPort, startBareServer } from '../support/bare-server.js';
import { makeClient } from '../support/clients.js';
import { startServer } from '../support/servers.js';

describe('send', () => {
  it('resolves with the typed reply, matched by a req_id the client owns', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    const reply = await client.send({ ping: 1, passthrough: { mine: 'x' } });
    expect(reply).toEqual({
      echo_req: { ping: 1, passthrough: { mine: 'x' }, req_id: 1 },
      msg_type: 'ping',
      ping: 'pong',
      req_id: 1,
      passthrough: { mine: 'x' },
    });
    expect(client.pendingCount).toBe(0);
  });

  it('matches replies that arrive out of order', async () => {
    const bare = await startBareServer((request, socket) => {
      // Answer the first request last.
      if (request.req_id === 1) setTimeout(() => answer(socket, request, 'time', 1), 50);
      else answer(socket, request, 'ping', 'pong');
    });
    const client = makeClient({ url: bare.url });
    const [time, ping] = await Promise.all([client.send({ time: 1 }), client.send({ ping: 1 })]);
    expect(time.time).toBe(1);
    expect(ping.ping).toBe('pong');
  });

  it('rejects with a DerivError carrying the server code, message, details, echo_req and req_id', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    const error = await client.send({ ping: 2 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DerivError);
    expect(error).toMatchObject({
      code: 'InputValidationFailed',
      message: 'Input validation failed: ping',
      details: { ping: 'Not in enum list: 1.' },
      echo_req: { ping: 2, req_id: 1 },
      req_id: 1,
      msg_type: 'ping',
    });
    expect(client.pendingCount).toBe(0);
  });

  it('rejects bad requests with InvalidArgumentError, before sending anything', async () => {
    const bare = await startBareServer();
    const client = makeClient({ url: bare.url });
    await expect(client.send(null as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.send([] as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.send({} as never)).rejects.toThrow(/name a call/);
    await expect(client.send({ ping: 1, req_id: 5 } as never)).rejects.toThrow(/passthrough/);
    const cyclic: Record<string, unknown> = { ping: 1 };
    cyclic.passthrough = cyclic;
    await expect(client.send(cyclic as never)).rejects.toThrow(/serialised/);
    await expect(client.send({ ping: 1, passthrough: { big: 10n } } as never)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(client.state.status).toBe('idle');
    expect(client.pendingCount).toBe(0);
  });

  it('times out with TimeoutError { sent: true } when no reply comes', async () => {
    const bare = await startBareServer();
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    const error = await client.send({ ping: 1 }, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'RequestTimedOut', sent: true, timeoutMs: 50 });
    expect(client.pendingCount).toBe(0);
  });

  it('uses requestTimeoutMs when the call gives none', async () => {
    const bare = await startBareServer();
    const client = makeClient({ url: bare.url, requestTimeoutMs: 40, pingIntervalMs: 0 });
    await expect(client.send({ time: 1 })).rejects.toMatchObject({ code: 'RequestTimedOut', timeoutMs: 40 });
  });

  it('a late reply to a timed-out call is dropped, not delivered to anyone', async () => {
    const bare = await startBareServer((request, socket) => setTimeout(() => answer(socket, request, 'time', 1), 80));
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    await expect(client.send({ time: 1 }, { timeoutMs: 20 })).rejects.toBeInstanceOf(TimeoutError);
    const second = await client.send({ time: 1 }, { timeoutMs: 1_000 });
    expect(second.req_id).toBe(2);
  });

  it('aborts with AbortError, before sending and in flight', async () => {
    const bare = await startBareServer();
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    const early = new AbortController();
    early.abort();
    await expect(client.send({ ping: 1 }, { signal: early.signal })).rejects.toMatchObject({
      code: 'Aborted',
      sent: false,
    });

    const late = new AbortController();
    const call = client.send({ ping: 1 }, { signal: late.signal });
    await client.connect();
    await new Promise((resolve) => setTimeout(resolve, 10));
    late.abort(new Error('user gave up'));
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ sent: true });
    expect((error as Error).cause).toEqual(new Error('user gave up'));
    expect(client.pendingCount).toBe(0);
  });

  it('settles calls in flight with ConnectionLost { sent: true } when the connection drops', async () => {
    const bare = await startBareServer((request, socket) => {
      if (request.time) socket.terminate();
    });
    // Without reconnecting: a read-only call would otherwise be sent again on the next connection.
    const client = makeClient({ url: bare.url, pingIntervalMs: 0, reconnect: false });
    const inFlight = client.send({ ping: 1 });
    const cut = client.send({ time: 1 });
    for (const call of [inFlight, cut]) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionLostError);
      expect(error).toMatchObject({ code: 'ConnectionLost', sent: true });
    }
    expect(client.pendingCount).toBe(0);
  });

  it('settles queued calls with ConnectionLost { sent: false } when the connection cannot open', async () => {
    const port = await closedPort();
    const client = makeClient({ url: `ws://127.0.0.1:${port}/websockets/v3?app_id=1089`, reconnect: false });
    const errors = await Promise.all(
      [client.send({ ping: 1 }), client.send({ time: 1 })].map((call) => call.catch((e: unknown) => e)),
    );
    for (const error of errors) expect(error).toMatchObject({ code: 'ConnectionLost', sent: false });
    expect(client.state.status).toBe('closed');
  });

  it('a refused handshake (401) settles its calls, and is not retried', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url.replace('app_id=1089', 'app_id=0') });
    await expect(client.send({ ping: 1 })).rejects.toMatchObject({ code: 'ConnectionLost', sent: false });
    expect(client.state).toMatchObject({ status: 'closed', error: { code: 'InvalidAppID' } });
  });
});

describe('send with a streaming request', () => {
  it('resolves with the first message and forgets the stream it opened', async () => {
    const { startServer } = await import('../support/servers.js');
    const { acceleratedClock } = await import('../../src/server/index.js');
    const server = await startServer({ clock: acceleratedClock(50) });
    const client = makeClient({ url: server.url });
    const first = await client.send({ ticks: 'R_50' });
    expect(first.msg_type).toBe('tick');
    for (let i = 0; i < 100 && server.subscriptionCount > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.subscriptionCount).toBe(0);
    expect(server.callCount('forget')).toBe(1);
  });
});
