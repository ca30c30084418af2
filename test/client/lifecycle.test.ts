import { describe, expect, it } from 'vitest';
import { ConnectionLostError, type ConnectionState } from '../../src/client/node.js';
import { startBareServer, startMuteTcpServer } from '../support/bare-server.js';
import { makeClient } from '../support/clients.js';
import { liveHandleCount, quietHandleCount, settleHandles } from '../support/handles.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

describe('connection lifecycle', () => {
  it('connects lazily on the first send, and reports each state', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    const states: ConnectionState[] = [];
    const events: string[] = [];
    client.on('state', (state) => states.push(state));
    client.on('open', () => events.push('open'));
    client.on('close', ({ code }) => events.push(`close ${code}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.connectionCount).toBe(0);
    expect(client.state).toEqual({ status: 'idle' });
    await client.send({ ping: 1 });
    expect(server.connectionCount).toBe(1);
    await client.close();
    expect(states).toEqual([
      { status: 'connecting', attempt: 0 },
      { status: 'open' },
      { status: 'closed', code: 1000, reason: 'client closed' },
    ]);
    expect(events).toEqual(['open', 'close 1000']);
  });

  it('connect() opens explicitly, and concurrent calls share one attempt', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    await Promise.all([client.connect(), client.connect(), client.send({ ping: 1 })]);
    expect(server.connectionCount).toBe(1);
    expect(client.state.status).toBe('open');
  });

  it('emits every parsed message, replies and all', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    const seen: string[] = [];
    client.on('message', (message) => seen.push(message.msg_type));
    await client.send({ ping: 1 });
    await client.send({ time: 1 });
    expect(seen).toEqual(['ping', 'time']);
  });

  it('close() settles pending calls, resolves once the socket is closed, and refuses new calls', async () => {
    const bare = await startBareServer();
    const client = makeClient({ url: bare.url });
    await client.connect();
    const pending = client.send({ ping: 1 });
    const closing = client.close();
    await expect(pending).rejects.toMatchObject({ code: 'ConnectionLost', sent: true });
    await closing;
    expect(bare.sockets.size).toBe(0);
    expect(client.pendingCount).toBe(0);
    await expect(client.send({ ping: 1 })).rejects.toMatchObject({ code: 'ConnectionLost', sent: false });
  });

  it('close() while connecting settles the queued calls as not sent', async () => {
    const mute = await startMuteTcpServer();
    const client = makeClient({ url: mute.url });
    const call = client.send({ ping: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.close();
    await expect(call).rejects.toMatchObject({ code: 'ConnectionLost', sent: false });
    expect(client.state.status).toBe('closed');
  });

  it('connect() after close() reopens, calling the url provider afresh every time', async () => {
    const server = await startServer();
    let calls = 0;
    const client = makeClient({
      url: async () => {
        calls++;
        return server.url;
      },
    });
    await client.send({ ping: 1 });
    await client.close();
    await client.connect();
    expect((await client.send({ ping: 1 })).ping).toBe('pong');
    expect(calls).toBe(2);
  });

  it('close() while the url provider is still working opens no socket when it answers', async () => {
    const server = await startServer();
    let answer!: (url: string) => void;
    const client = makeClient({ url: () => new Promise<string>((resolve) => (answer = resolve)) });
    const call = client.send({ ping: 1 });
    await until(() => answer !== undefined);
    await client.close();
    answer(server.url);
    await expect(call).rejects.toMatchObject({ code: 'ConnectionLost', sent: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.connectionCount).toBe(0);
    expect(client.state.status).toBe('closed');
  });

  it('a failing url provider settles calls without echoing the URL', async () => {
    const client = makeClient({
      reconnect: false,
      url: () => {
        throw new Error('could not fetch wss://secret.example/otp=hunter2');
      },
    });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    const error = await client.send({ ping: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((error as Error).message).not.toContain('hunter2');
    expect(errors[0]?.message).not.toContain('hunter2');
  });

  it('bounds the handshake with connectTimeoutMs (close code 4001)', async () => {
    const mute = await startMuteTcpServer();
    const client = makeClient({ url: mute.url, connectTimeoutMs: 100, reconnect: false });
    const closed = new Promise((resolve) => client.once('close', resolve));
    const started = performance.now();
    await expect(client.send({ ping: 1 })).rejects.toMatchObject({ code: 'ConnectionLost', sent: false });
    expect(await closed).toMatchObject({ code: 4001, wasClean: false });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reports the server going away (1001) and the close of an idle connection (1006)', async () => {
    const server = await startServer({ idleTimeoutMs: 100 });
    const client = makeClient({ url: server.url, pingIntervalMs: 0, reconnect: false });
    await client.connect();
    const idle = await new Promise((resolve) => client.once('close', resolve));
    expect(idle).toMatchObject({ code: 1006, wasClean: false });

    await client.connect();
    const away = new Promise((resolve) => client.once('close', resolve));
    await server.close();
    expect(await away).toMatchObject({ code: 1001, reason: 'server shutting down' });
  });

  it('leaves no socket or timer behind after close()', async () => {
    const server = await startServer();
    const before = await quietHandleCount();
    const client = makeClient({ url: server.url, pingIntervalMs: 50 });
    await client.send({ ping: 1 }, { timeoutMs: 5_000 });
    await client.close();
    await settleHandles();
    expect(liveHandleCount()).toBeLessThanOrEqual(before);
  });
});

describe('keep-alive', () => {
  it('keeps an idle connection open past the server idle timeout', async () => {
    const server = await startServer({ idleTimeoutMs: 200 });
    const client = makeClient({ url: server.url, pingIntervalMs: 60 });
    const closes: unknown[] = [];
    client.on('close', (info) => closes.push(info));
    let pongs = 0;
    client.on('message', (message) => message.msg_type === 'ping' && pongs++);
    await client.connect();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(closes).toEqual([]);
    expect(client.state.status).toBe('open');
    expect(pongs).toBeGreaterThanOrEqual(5);
  });

  it('without keep-alive the same connection dies', async () => {
    const server = await startServer({ idleTimeoutMs: 200 });
    const client = makeClient({ url: server.url, pingIntervalMs: 0, reconnect: false });
    await client.connect();
    const closed = await new Promise((resolve) => client.once('close', resolve));
    expect(closed).toMatchObject({ code: 1006 });
  });

  it('sends no keep-alive ping while other traffic flows both ways', async () => {
    const bare = await startBareServer((request, socket) =>
      socket.send(JSON.stringify({ echo_req: request, msg_type: 'time', time: 1, req_id: request.req_id })),
    );
    const client = makeClient({ url: bare.url, pingIntervalMs: 100 });
    await client.connect();
    const until = performance.now() + 400;
    while (performance.now() < until) {
      await client.send({ time: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(bare.received.filter((request) => 'ping' in request)).toEqual([]);
    expect(bare.received.length).toBeGreaterThan(10);
  });

  it('declares the link dead when a ping gets no pong, and closes with 4000', async () => {
    const bare = await startBareServer(); // swallows everything, pings included
    const client = makeClient({ url: bare.url, pingIntervalMs: 50, pongTimeoutMs: 80, reconnect: false });
    await client.connect();
    const pending = client.send({ time: 1 }, { timeoutMs: 5_000 });
    const started = performance.now();
    const closed = await new Promise((resolve) => client.once('close', resolve));
    const elapsed = performance.now() - started;
    expect(closed).toMatchObject({ code: 4000, reason: 'no pong within 80 ms', wasClean: false });
    // Detection takes at most one interval plus the pong timeout (plus timer slack).
    expect(elapsed).toBeLessThan(50 + 80 + 150);
    await expect(pending).rejects.toMatchObject({ code: 'ConnectionLost', sent: true });
    expect(client.state).toMatchObject({ status: 'closed', code: 4000, reason: 'no pong within 80 ms' });
    expect(bare.received.some((request) => request.ping === 1)).toBe(true);
  });

  it('shows when the next ping is due', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url, pingIntervalMs: 1_000 });
    expect(client.nextPingInMs).toBeUndefined();
    await client.connect();
    expect(client.nextPingInMs).toBeGreaterThan(900);
    expect(client.nextPingInMs).toBeLessThanOrEqual(1_000);
  });
});
