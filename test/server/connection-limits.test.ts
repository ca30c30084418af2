import { describe, expect, it } from 'vitest';
import { liveHandleCount, quietHandleCount, settleHandles } from '../support/handles.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';
import { createServer } from '../../src/server/index.js';

describe('connection limits', () => {
  it('drops an idle connection abruptly after the idle timeout: the client sees 1006', async () => {
    const server = await startServer({ idleTimeoutMs: 150 });
    const raw = await RawSocket.open(server.url);
    const started = performance.now();
    expect((await raw.closed).code).toBe(1006);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('resets the idle timer on traffic in either direction', async () => {
    // Six pings 100 ms apart outlast the timeout only if each one resets it; the timeout leaves
    // a loaded machine room for a slow round trip.
    const server = await startServer({ idleTimeoutMs: 450 });
    const raw = await RawSocket.open(server.url);
    let closed = false;
    void raw.closed.then(() => (closed = true));
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await raw.request({ ping: 1 });
    }
    expect(closed).toBe(false);
    expect((await raw.closed).code).toBe(1006);
  });

  it('counts WebSocket ping frames as traffic, answers them, and never pings first', async () => {
    const server = await startServer({ idleTimeoutMs: 200 });
    const raw = await RawSocket.open(server.url);
    let pongs = 0;
    raw.socket.on('pong', () => pongs++);
    for (let i = 0; i < 5; i++) {
      raw.socket.ping('hi');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pongs).toBe(5);
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    expect((await raw.closed).code).toBe(1006);
    expect(raw.pings).toEqual([]);
  });

  it('close() closes every connection with 1001 and leaves no handle behind', async () => {
    const before = await quietHandleCount();
    const server = await createServer({ port: 0 });
    const sockets = await Promise.all([
      RawSocket.open(server.url),
      RawSocket.open(server.url),
      RawSocket.open(server.url),
    ]);
    await Promise.all(sockets.map((raw) => raw.request({ ping: 1 })));
    expect(server.connectionCount).toBe(3);
    await server.close();
    for (const raw of sockets) expect(await raw.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(server.connectionCount).toBe(0);
    await settleHandles();
    expect(liveHandleCount()).toBeLessThanOrEqual(before);
  });

  it('close() drops a client that never finishes the closing handshake', async () => {
    const server = await createServer({ port: 0, closeTimeoutMs: 100 });
    const raw = await RawSocket.open(server.url);
    // Stop reading: the client can no longer answer the server's close frame.
    (raw.socket as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses new connections while closing', async () => {
    const server = await createServer({ port: 0 });
    const url = server.url;
    await server.close();
    const raw = new RawSocket(url);
    await expect(raw.opened).rejects.toThrow();
  });
});
