import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startCluster, type ClusterOptions, type ClusterServer } from '../../src/server/index.js';
import { META_KEYS } from '../../src/server/store/store.js';
import { RawSocket } from '../support/raw-socket.js';
import { REDIS_SERVER_PATH, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { until } from '../support/until.js';
import { buyNow, CALL_5M, TRADER, TRADING_ACCOUNTS } from './trading/sandbox.js';

// Clusters of two real worker processes, each with its own connection to the store: the SQLite
// file they share (the primary passes on each one's commits), or Redis (each worker a node of
// the fleet). One account, whichever worker a connection landed on.

/** A connection (authorized as the trader, unless told not to), and the pid of the worker that took it (the one whose count rose). */
async function connectOn(server: ClusterServer, authorize: boolean): Promise<{ raw: RawSocket; pid: number }> {
  const counts = async () => new Map((await server.stats()).map((worker) => [worker.pid, worker.connections]));
  const before = await counts();
  const raw = await RawSocket.open(server.url);
  const after = await counts();
  const pid = [...after].find(([worker, count]) => count > (before.get(worker) ?? 0))?.[0];
  if (pid === undefined) throw new Error('no worker took the connection');
  if (authorize) await raw.answered({ authorize: TRADER });
  return { raw, pid };
}

/** Connections until `perWorker` are on each of the two workers (the accept is round-robin, but busy workers are skipped). */
async function onBothWorkers(
  server: ClusterServer,
  perWorker: number,
  { authorize = true } = {},
): Promise<Array<{ raw: RawSocket; pid: number }>> {
  const taken: Array<{ raw: RawSocket; pid: number }> = [];
  const on = (pid: number) => taken.filter((connection) => connection.pid === pid).length;
  for (let tries = 0; tries < 4 * perWorker; tries++) {
    const connection = await connectOn(server, authorize);
    if (on(connection.pid) < perWorker) taken.push(connection);
    else connection.raw.socket.close();
    if (taken.length === 2 * perWorker) return taken;
  }
  throw new Error(`could not get ${perWorker} connections on each of two workers`);
}

function tradingOnOneAccount(options: () => Partial<ClusterOptions>) {
  async function cluster(): Promise<ClusterServer> {
    const server = await startCluster({ workers: 2, accounts: TRADING_ACCOUNTS, rateLimits: false, ...options() });
    onTestFinished(() => server.close());
    return server;
  }

  it("a buy through one worker's connection reaches the balance and transaction streams on the other", async () => {
    const server = await cluster();
    const [buyer, watcher] = await onBothWorkers(server, 1);
    expect(watcher!.pid).not.toBe(buyer!.pid);
    const onWatcher = watcher!.raw;
    await onWatcher.requestById({ balance: 1, subscribe: 1, req_id: 1 });
    await onWatcher.requestById({ transaction: 1, subscribe: 1, req_id: 2 });
    const bought = await buyNow(buyer!.raw, CALL_5M);
    const updates = (type: string) => onWatcher.messages.filter((m) => m.msg_type === type && m.subscription);
    await until(
      () => updates('balance').length >= 2 && updates('transaction').some((m) => m.transaction.action),
      5_000,
    );
    expect(updates('balance').map((m) => m.balance.balance)).toEqual([10_000, 9_990]);
    expect(updates('transaction').find((m) => m.transaction.action)!.transaction).toMatchObject({
      action: 'buy',
      amount: -10,
      balance: 9_990,
      contract_id: bought.contract_id,
      transaction_id: bought.transaction_id,
    });
  }, 30_000);

  it('40 buys of 5 at once on 100, over connections on both workers: exactly 20 bought, 20 InsufficientBalance, 0.00 left', async () => {
    const server = await cluster();
    await server.accounts.setBalance('VRTC700001', 100);
    const connections = (await onBothWorkers(server, 3)).map(({ raw }) => raw);
    const parameters = { ...CALL_5M, amount: 5 };
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        connections[i % connections.length]!.requestById({ buy: '1', price: 5, parameters, req_id: 1_000 + i }),
      ),
    );
    const bought = replies.filter((reply) => reply.buy);
    const refused = replies.filter((reply) => reply.error);
    expect(bought).toHaveLength(20);
    expect(refused).toHaveLength(20);
    for (const reply of refused)
      expect(reply.error).toEqual({
        code: 'InsufficientBalance',
        message: 'Your account balance (0.00 USD) is insufficient to buy this contract (5.00 USD).',
      });
    expect(new Set(bought.map((reply) => reply.buy.contract_id)).size).toBe(20);
    expect(bought.map((reply) => reply.buy.balance_after).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 5),
    );
    // Asked on every connection, so on both workers.
    for (const raw of connections) expect((await raw.answered({ balance: 1 })).balance.balance).toBe(0);
    // The ledger, from the primary's own connection: the opening deposit, the adjustment to 100, 20 buys.
    const rows = await server.store.ledger('VRTC700001', { limit: 100 });
    expect(rows.map((row) => row.action).sort()).toEqual([...Array(20).fill('buy'), 'adjustment', 'deposit'].sort());
    expect(rows[0]!.balanceAfterCents).toBe(0);
  }, 30_000);
}

describe('cluster workers on one SQLite file', () => {
  tradingOnOneAccount(() => ({}));
});

describe.skipIf(REDIS_SERVER_PATH === undefined)('cluster workers as nodes of a Redis fleet', () => {
  let redis: RedisServer | undefined;
  let fleets = 0;
  /** A prefix of its own for each cluster: a fleet of its own on the one redis-server. */
  const onRedis = () => ({ redis: { url: redis!.url, prefix: `cluster${++fleets}:` } });
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());

  tradingOnOneAccount(onRedis);

  it("serve the fleet's market and demo account, and count its limits in Redis", async () => {
    const server = await startCluster({
      workers: 2,
      ...onRedis(),
      rateLimits: { failedAuthorizations: { minutely: 3, hourly: 100 } },
    });
    onTestFinished(() => server.close());
    expect(server.demoToken).toMatch(/^\w{15}$/);
    expect(await server.store.meta(META_KEYS.marketSeed)).toBe(String(server.seed));
    const connections = await onBothWorkers(server, 2, { authorize: false });
    const history = async (raw: RawSocket) =>
      (await raw.answered({ ticks_history: 'R_100', end: '1790000000', count: 5 })).history;
    for (const { raw } of connections) {
      expect((await raw.request({ ping: 1 })).ping).toBe('pong');
      expect(await history(raw)).toEqual(await history(connections[0]!.raw));
    }
    // Three failed authorizations a minute for the IP, counted once for the fleet: the fourth is
    // refused. Counted in each worker, none would be (at most two land on one).
    const codes: string[] = [];
    for (const { raw } of connections) codes.push((await raw.request({ authorize: 'NoSuchToken1234' })).error.code);
    expect(codes).toEqual(['InvalidToken', 'InvalidToken', 'InvalidToken', 'RateLimit']);
  }, 30_000);
});
