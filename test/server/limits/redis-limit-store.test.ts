import { spawn } from 'node:child_process';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { LimitStoreUnavailable } from '../../../src/server/limits/limit-store.js';
import { RedisLimitStore, type RedisLimitStoreOptions } from '../../../src/server/limits/redis-limit-store.js';
import { REDIS_SERVER_PATH, startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { ROOT } from '../../support/run.js';
import { until } from '../../support/until.js';
import { limitStoreCases } from './limit-store-cases.js';

// One redis-server for the file; each store gets a prefix of its own (an empty fleet), and a
// second node the same prefix. The tests that stop Redis start one of their own.
let server: RedisServer | undefined;
let fleets = 0;

const open = async (options: Omit<RedisLimitStoreOptions, 'url'>, url = server!.url) => {
  const store = await RedisLimitStore.open({ url, ...options });
  onTestFinished(() => store.close());
  return store;
};

describe.skipIf(REDIS_SERVER_PATH === undefined)('RedisLimitStore', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  limitStoreCases('Redis', async (windows) =>
    RedisLimitStore.open({ url: server!.url, prefix: `cases${++fleets}:`, ...windows }),
  );

  it('two nodes count in one budget: alternating and concurrent calls each get their own count', async () => {
    const prefix = `fleet${++fleets}:`;
    const [a, b] = [await open({ prefix }), await open({ prefix })];
    expect(await a.count('calls', 'unauthorised:1089/10.0.0.1:ab|general', 1)).toEqual({ minute: 1, hour: 1 });
    expect(await b.count('calls', 'unauthorised:1089/10.0.0.1:ab|general', 1)).toEqual({ minute: 2, hour: 2 });
    const counts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).count('calls', 'authorised:1089/CR90000|general', 1)),
    );
    expect(counts.map((c) => c.minute).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Another fleet (prefix) shares nothing.
    const other = await open({ prefix: `fleet${++fleets}:` });
    expect(await other.count('calls', 'authorised:1089/CR90000|general', 1)).toEqual({ minute: 1, hour: 1 });
  });

  it("keys: a (table, key)'s two counters share one hash tag, and expire with their windows (Redis's clock)", async () => {
    const prefix = `keys${++fleets}:`;
    const store = await open({ prefix, minuteMs: 5_000, hourMs: 50_000 });
    await store.count('calls', 'authorised:1089/CR1|general', 1);
    const raw = createClient({ url: server!.url });
    await raw.connect();
    onTestFinished(() => raw.close());
    const keys = (await raw.keys(`${prefix}*`)).sort();
    expect(keys).toEqual([
      `${prefix}rate:{calls|authorised:1089/CR1|general}:hour`,
      `${prefix}rate:{calls|authorised:1089/CR1|general}:minute`,
      `${prefix}{connections}:nodes`,
    ]);
    const minuteTtl = await raw.pTTL(keys[1]!);
    const hourTtl = await raw.pTTL(keys[0]!);
    expect(minuteTtl).toBeGreaterThan(4_000);
    expect(minuteTtl).toBeLessThanOrEqual(5_000);
    expect(hourTtl).toBeGreaterThan(49_000);
    // A later call does not move the window's end.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store.count('calls', 'authorised:1089/CR1|general', 1);
    expect(await raw.pTTL(keys[1]!)).toBeLessThanOrEqual(minuteTtl - 150);
  });

  it('connection places are counted across nodes, and one released on a node frees a place for the other', async () => {
    const prefix = `places${++fleets}:`;
    const [a, b] = [await open({ prefix }), await open({ prefix })];
    expect(await a.takeConnection('10.0.0.1', 3)).toBe(true);
    expect(await a.takeConnection('10.0.0.1', 3)).toBe(true);
    expect(await b.takeConnection('10.0.0.1', 3)).toBe(true);
    expect(await b.takeConnection('10.0.0.1', 3)).toBe(false);
    expect(await a.takeConnection('10.0.0.1', 3)).toBe(false);
    // B gives back its one place, then once more: the second frees none of A's.
    b.releaseConnection('10.0.0.1');
    b.releaseConnection('10.0.0.1');
    expect(await b.takeConnection('10.0.0.1', 3)).toBe(true);
    expect(await b.takeConnection('10.0.0.1', 3)).toBe(false);
    a.releaseConnection('10.0.0.1');
    // A release is sent, not awaited, and on A's own connection: B's next take could reach Redis
    // first. Any later call of A's is answered after it (one connection's commands keep order).
    await a.count('calls', 'after-release', 0);
    expect(await b.takeConnection('10.0.0.1', 3)).toBe(true);
    expect(await b.takeConnection('10.0.0.1', 3)).toBe(false);
    // A node that closes gives back what it held.
    await a.close();
    expect(await b.takeConnection('10.0.0.1', 3)).toBe(true);
    expect(await b.takeConnection('10.0.0.1', 3)).toBe(false);
  });

  it("a node killed without a word (SIGKILL) stops counting once its heartbeat's deadline passes", async () => {
    const prefix = `killed${++fleets}:`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/limit-node.ts', server!.url, prefix, '50', '400', '10.0.0.7', '2'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    onTestFinished(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(() => output.includes('\n'), 20_000);
    expect(output).toBe('held 2\n');
    const b = await open({ prefix, heartbeatMs: 50, nodeTtlMs: 400 });
    // While the other node beats, its two places count.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await b.takeConnection('10.0.0.7', 2)).toBe(false);
    child.kill('SIGKILL');
    await exited;
    const killedAt = performance.now();
    expect(await b.takeConnection('10.0.0.7', 2)).toBe(false);
    await until(() => b.takeConnection('10.0.0.7', 2), 3_000);
    const freedAfter = performance.now() - killedAt;
    expect(freedAfter).toBeLessThan(1_000);
    expect(await b.takeConnection('10.0.0.7', 2)).toBe(true);
    expect(await b.takeConnection('10.0.0.7', 2)).toBe(false);
  });

  it('a node counted dead while alive (its fields dropped) writes its places again on its next heartbeat', async () => {
    const prefix = `late${++fleets}:`;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // A beats at open and then every 2 s, but counts as dead 1.2 s after each beat (margins of
    // 500 ms and more, so a loaded machine's pauses do not decide the test).
    const a = await open({ prefix, heartbeatMs: 2_000, nodeTtlMs: 1_200 });
    const openedAt = performance.now();
    const b = await open({ prefix });
    expect(await a.takeConnection('10.0.0.3', 2)).toBe(true);
    await sleep(1_500 - (performance.now() - openedAt));
    // A looks dead: B's take drops A's field, and B gets both places.
    expect(await b.takeConnection('10.0.0.3', 2)).toBe(true);
    expect(await b.takeConnection('10.0.0.3', 2)).toBe(true);
    expect(performance.now() - openedAt).toBeLessThan(2_000);
    b.releaseConnection('10.0.0.3');
    await sleep(2_600 - (performance.now() - openedAt));
    // A's heartbeat found it had been dead and wrote its one place again: A 1 + B 1 is the max.
    expect(await b.takeConnection('10.0.0.3', 2)).toBe(false);
  });

  describe('when Redis does not answer', () => {
    it('unreachable at open: LimitStoreUnavailable at once', async () => {
      const own = await startRedisServer();
      const url = own.url;
      await own.stop();
      const started = performance.now();
      await expect(RedisLimitStore.open({ url })).rejects.toBeInstanceOf(LimitStoreUnavailable);
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it('paused (SIGSTOP): a count fails within its deadline, and counts again once Redis resumes', async () => {
      const own = await startRedisServer();
      onTestFinished(async () => {
        process.kill(own.pid, 'SIGCONT');
        await own.stop();
      });
      const store = await open({ prefix: 'paused:', commandTimeoutMs: 300 }, own.url);
      expect(await store.count('calls', 'k', 1)).toEqual({ minute: 1, hour: 1 });
      process.kill(own.pid, 'SIGSTOP');
      const started = performance.now();
      const refused = await store.count('calls', 'k', 1).catch((error: unknown) => error);
      const waited = performance.now() - started;
      expect(refused).toBeInstanceOf(LimitStoreUnavailable);
      expect((refused as Error).message).toBe('the rate-limit store did not answer: no answer within 300 ms');
      expect(waited).toBeGreaterThanOrEqual(290);
      expect(waited).toBeLessThan(800);
      await expect(store.takeConnection('10.0.0.1', 5)).rejects.toBeInstanceOf(LimitStoreUnavailable);
      process.kill(own.pid, 'SIGCONT');
      // The count that timed out was made in Redis all the same: it stays counted.
      await until(async () => (await store.count('calls', 'k', 0).catch(() => undefined))?.minute === 2);
    });

    it('killed: calls fail at once while the client reconnects, with no queue of waiting calls', async () => {
      const own = await startRedisServer();
      const store = await open({ prefix: 'killed:', commandTimeoutMs: 2_000 }, own.url);
      expect(await store.takeConnection('10.0.0.1', 5)).toBe(true);
      process.kill(own.pid, 'SIGKILL');
      await own.stop();
      await until(async () => (await store.count('calls', 'k', 1).catch((error: unknown) => error)) instanceof Error);
      const started = performance.now();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => store.count('calls', 'k', 1)));
      // Far below the 2 s command timeout: refused at once, not after waiting for it.
      expect(performance.now() - started).toBeLessThan(500);
      for (const result of results) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(LimitStoreUnavailable);
      }
      // A close with Redis gone does not hang either.
      const closing = performance.now();
      await store.close();
      expect(performance.now() - closing).toBeLessThan(2_500);
    });
  });
});
