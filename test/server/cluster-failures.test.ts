import cluster, { type Worker } from 'node:cluster';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startCluster } from '../../src/server/index.js';

describe('cluster mode, when a worker dies', () => {
  it('stats() answers for the workers still alive, even when one dies as it is asked', async () => {
    const server = await startCluster({ workers: 2 });
    onTestFinished(() => server.close());
    const [victim] = await server.stats();
    process.kill(victim!.pid, 'SIGKILL');
    const stats = await server.stats();
    expect(stats).toHaveLength(1);
    expect(stats[0]!.pid).not.toBe(victim!.pid);
    expect(await server.stats()).toHaveLength(1);
  }, 15_000);

  it('a worker that dies before it listens fails the start, and takes the others down with it', async () => {
    const forked: Worker[] = [];
    const killFirst = (worker: Worker) => {
      forked.push(worker);
      if (forked.length === 1) worker.process.kill('SIGKILL');
    };
    cluster.on('fork', killFirst);
    onTestFinished(() => {
      cluster.off('fork', killFirst);
      for (const worker of forked) if (!worker.isDead()) worker.process.kill('SIGKILL');
    });
    await expect(startCluster({ workers: 2 })).rejects.toThrow(/before it listened/);
    expect(forked).toHaveLength(2);
    expect(forked.filter((worker) => !worker.isDead())).toEqual([]);
  }, 15_000);
});
