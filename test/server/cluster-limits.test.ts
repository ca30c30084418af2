import { describe, expect, it, onTestFinished } from 'vitest';
import { startCluster, type ClusterServer } from '../../src/server/index.js';
import { handshakeRefusal, RawSocket } from '../support/raw-socket.js';
import { until } from '../support/until.js';

/** Opens connections until both workers hold some (the accept is round-robin, but busy workers are skipped). */
async function onBothWorkers(server: ClusterServer, count: number, url = server.url): Promise<RawSocket[]> {
  const sockets = await Promise.all(Array.from({ length: count }, () => RawSocket.open(url)));
  const stats = await server.stats();
  expect(stats.map((worker) => worker.connections).reduce((a, b) => a + b)).toBe(count);
  for (const worker of stats) expect(worker.connections).toBeGreaterThan(0);
  return sockets;
}

describe('cluster mode shares its limits across workers', () => {
  it('one rate budget for an IP and User-Agent, whichever worker a connection landed on', async () => {
    const server = await startCluster({
      workers: 2,
      rateLimits: { limits: { general: { minutely: 10, hourly: 100 } } },
    });
    onTestFinished(() => server.close());
    const sockets = await onBothWorkers(server, 6);
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 20; i++)
      codes.push((await sockets[i % sockets.length]!.request({ website_status: 1 })).error?.code);
    expect(codes.filter((code) => code === undefined)).toHaveLength(10);
    expect(codes.slice(10)).toEqual(Array(10).fill('RateLimit'));
  }, 30_000);

  it('one budget of failed authorizations per IP across workers', async () => {
    const server = await startCluster({
      workers: 2,
      rateLimits: { failedAuthorizations: { minutely: 4, hourly: 100 } },
    });
    onTestFinished(() => server.close());
    const sockets = await onBothWorkers(server, 6);
    const codes: string[] = [];
    for (const raw of sockets) codes.push((await raw.request({ authorize: 'NoSuchToken1234' })).error.code);
    expect(codes).toEqual(['InvalidToken', 'InvalidToken', 'InvalidToken', 'InvalidToken', 'RateLimit', 'RateLimit']);
  }, 30_000);

  it('one cap on connections from an IP; a closed connection, or a dead worker, gives its places back', async () => {
    const server = await startCluster({ workers: 2, maxConnectionsPerIp: 4 });
    onTestFinished(() => server.close());
    const sockets = await onBothWorkers(server, 4);
    expect(await handshakeRefusal(server.url)).toEqual({ status: 429, body: '{"error":"TooManyConnections"}' });

    sockets[0]!.socket.close();
    await sockets[0]!.closed;
    const again = await openWhenAllowed(server.url);
    expect(await handshakeRefusal(server.url)).toEqual({ status: 429, body: '{"error":"TooManyConnections"}' });

    // A worker killed outright never says goodbye: the primary frees what it held.
    const stats = await server.stats();
    const victim = stats.find((worker) => worker.connections > 0)!;
    process.kill(victim.pid, 'SIGKILL');
    const left = [...sockets.slice(1), again];
    await until(
      () => left.filter((raw) => raw.socket.readyState === raw.socket.CLOSED).length === victim.connections,
      10_000,
    );
    const freed = victim.connections;
    for (let i = 0; i < freed; i++) await openWhenAllowed(server.url);
    expect(await handshakeRefusal(server.url)).toEqual({ status: 429, body: '{"error":"TooManyConnections"}' });
  }, 30_000);
});

/** A place given back reaches the primary a moment after the close: retry for a while. */
async function openWhenAllowed(url: string): Promise<RawSocket> {
  const deadline = performance.now() + 5_000;
  for (;;) {
    try {
      return await RawSocket.open(url);
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
