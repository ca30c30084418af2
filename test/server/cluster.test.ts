import { describe, expect, it, onTestFinished } from 'vitest';
import { startCluster } from '../../src/server/index.js';
import { RawSocket } from '../support/raw-socket.js';

describe('cluster mode', () => {
  it('spreads connections over the workers, shows every worker the same market, and keeps one balance per account', async () => {
    const cluster = await startCluster({ workers: 2, market: { seed: 'cluster-test' } });
    onTestFinished(() => cluster.close());
    const sockets = await Promise.all(Array.from({ length: 6 }, () => RawSocket.open(cluster.url)));
    const stats = await cluster.stats();
    expect(stats).toHaveLength(2);
    // Round-robin, so both take a share (not always an even one: busy workers are skipped).
    expect(stats.map((s) => s.connections).reduce((a, b) => a + b)).toBe(6);
    for (const worker of stats) expect(worker.connections).toBeGreaterThan(0);

    const histories = await Promise.all(
      sockets.map((raw) => raw.request({ ticks_history: 'R_10', end: '1790000000', count: 5 })),
    );
    for (const history of histories) expect(history.history).toEqual(histories[0]!.history);

    // Authorize on every connection (both workers), stream the balance on all, change it once.
    for (const raw of sockets)
      expect((await raw.request({ authorize: cluster.demoToken })).authorize.balance).toBe(10_000);
    for (const raw of sockets) expect((await raw.request({ balance: 1, subscribe: 1 })).balance.balance).toBe(10_000);
    const counts = sockets.map((raw) => raw.messages.length);
    await cluster.accounts.adjustBalance('VRTC1000001', -250);
    for (const [i, raw] of sockets.entries()) expect((await raw.message(counts[i]!)).balance.balance).toBe(9_750);
    expect((await sockets[0]!.request({ balance: 1 })).balance.balance).toBe(9_750);
  }, 30_000);

  it('close() stops every worker; their clients see 1001', async () => {
    const cluster = await startCluster({ workers: 2 });
    const sockets = await Promise.all([RawSocket.open(cluster.url), RawSocket.open(cluster.url)]);
    await cluster.close();
    for (const raw of sockets) expect((await raw.closed).code).toBe(1001);
  }, 30_000);

  it('refuses db :memory: with a TypeError: each worker opens the database itself', async () => {
    await expect(startCluster({ workers: 2, db: ':memory:' })).rejects.toThrow(
      new TypeError(
        'db ":memory:" cannot be shared by a cluster\'s workers, each would have a database of its own: give a file, or redis (without db, a temporary file)',
      ),
    );
  });
});
