import cluster, { type Worker } from 'node:cluster';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startCluster, type ClusterServer } from '../../src/server/index.js';
import { RawSocket } from '../support/raw-socket.js';

/** The pids of the workers that answer stats, once `condition` holds for them (polled). */
async function workerPids(
  server: ClusterServer,
  condition: (pids: number[]) => boolean,
  timeoutMs = 10_000,
): Promise<number[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const pids = (await server.stats()).map((stats) => stats.pid).sort();
    if (condition(pids)) return pids;
    if (performance.now() > deadline) throw new Error(`workers ${pids.join(', ')} did not become what was waited for`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a promise has settled, looked at without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 0)),
  ]);
}

describe('cluster mode, when a worker dies', () => {
  it('stats() answers for the workers still alive, even when one dies as it is asked', async () => {
    // No replacements here: this is about the stats of a cluster with a worker short.
    const server = await startCluster({ workers: 2, maxRestartsPerMinute: 0 });
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

  it('a worker killed with SIGKILL is replaced, and so is every worker at once, on the same port', async () => {
    const server = await startCluster({ workers: 2, restartDelayMs: 20 });
    onTestFinished(() => server.close());
    const first = await workerPids(server, (pids) => pids.length === 2);
    process.kill(first[0]!, 'SIGKILL');
    const second = await workerPids(server, (pids) => pids.length === 2 && !pids.includes(first[0]!));
    expect(second).toContain(first[1]);

    for (const pid of second) process.kill(pid, 'SIGKILL');
    const third = await workerPids(server, (pids) => pids.length === 2 && !pids.some((pid) => second.includes(pid)));
    expect(third).toHaveLength(2);
    const sockets = await Promise.all(Array.from({ length: 4 }, () => RawSocket.open(server.url)));
    for (const raw of sockets) expect((await raw.request({ ping: 1 })).ping).toBe('pong');
    expect(await settled(server.failed)).toBe(false);
  }, 30_000);

  it('past the restart budget, the others serve on; once none is left the cluster gives up, saying why', async () => {
    const server = await startCluster({ workers: 2, restartDelayMs: 20, maxRestartsPerMinute: 1 });
    onTestFinished(() => server.close());
    const [a, b] = await workerPids(server, (pids) => pids.length === 2);
    process.kill(a!, 'SIGKILL');
    const [c, d] = await workerPids(server, (pids) => pids.length === 2 && !pids.includes(a!));
    // The budget is spent: this one is not replaced, and the other one serves on alone.
    process.kill(b === c ? c! : d!, 'SIGKILL');
    const [last] = await workerPids(server, (pids) => pids.length === 1 && !pids.includes(b!));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await server.stats()).map((stats) => stats.pid)).toEqual([last]);
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
    expect(await settled(server.failed)).toBe(false);

    process.kill(last!, 'SIGKILL');
    expect((await server.failed).message).toBe(
      'every worker has died, the last one was killed by SIGKILL, and the restart budget is spent (1 in the last minute)',
    );
    expect(await server.stats()).toEqual([]);
  }, 30_000);
});
