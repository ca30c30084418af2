import { createClient } from 'redis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { RedisStore } from '../../src/server/store/redis/redis-store.js';
import type { LedgerRow } from '../../src/server/store/store.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { RawSocket } from '../support/raw-socket.js';
import { REDIS_SERVER_PATH, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { DEMO_LOGINID, serveOn } from '../support/serve-cli.js';
import { until } from '../support/until.js';

// Nodes are `deriv-ws serve --redis` child processes (the built CLI) on a redis-server of the
// test's own, faulted for real: SIGKILLed and restarted from its AOF, put to sleep with DEBUG
// SLEEP, cut off through a TCP proxy; and nodes killed with SIGKILL mid-burst.

const UNAVAILABLE = {
  code: 'ServiceUnavailable',
  message: 'The service is temporarily unavailable. Please try again later.',
};
/** Five R_100 ticks: 1 s of real time at `--speed 10`. */
const CALL_5T = {
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 1,
  duration: 5,
  duration_unit: 't',
};
const CALL_5M = { ...CALL_5T, amount: 2, duration: 5, duration_unit: 'm' };

/** A node of the fleet on `redisUrl`; `speed` runs its market clock faster. */
async function node(redisUrl: string, speed = 10) {
  return serveOn(['--redis', redisUrl, '--speed', String(speed), '--seed', '7']);
}

async function authorized(url: string, token: string): Promise<RawSocket> {
  const raw = await RawSocket.open(url);
  await raw.answered({ authorize: token });
  return raw;
}

let reqIds = 0;
function buy(raw: RawSocket, parameters: typeof CALL_5T) {
  return raw.requestById({ buy: '1', price: parameters.amount, parameters, req_id: ++reqIds });
}

/** The demo account's ledger and the fleet's open contracts, read from Redis itself. */
async function truth(redisUrl: string) {
  const store = await RedisStore.open({ url: redisUrl });
  try {
    const rows = await store.ledger(DEMO_LOGINID, { limit: 10_000 });
    const open = await store.contracts({ state: 'open', limit: 10_000 });
    return { rows, open, balanceCents: (await store.account(DEMO_LOGINID))!.balanceCents };
  } finally {
    await store.close();
  }
}

/** Every contract bought has one sell row, naming its buy, and the balance is what the rows (the opening deposit first) add up to. */
function expectEachSoldOnce(rows: readonly LedgerRow[], balanceCents: number) {
  const buys = rows.filter((row) => row.action === 'buy');
  const sells = rows.filter((row) => row.action === 'sell');
  expect(sells.map((row) => row.contractId).sort()).toEqual(buys.map((row) => row.contractId).sort());
  for (const sell of sells)
    expect(sell.referenceId).toBe(buys.find((row) => row.contractId === sell.contractId)!.transactionId);
  expect(balanceCents).toBe(rows.reduce((sum, row) => sum + row.amountCents, 0));
}

describe.skipIf(REDIS_SERVER_PATH === undefined)('a fleet on Redis, faulted', () => {
  it('Redis SIGKILLed mid-burst and restarted from its AOF (appendfsync always): every acknowledged buy is there, and the fleet carries on', async () => {
    let redis: RedisServer = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    onTestFinished(() => redis.stop());
    const a = await node(redis.url, 1);
    const b = await node(redis.url, 1);
    const buyer = await authorized(a.url, a.token!);
    const watcher = await authorized(b.url, a.token!);
    await watcher.answered({ balance: 1, subscribe: 1 });

    const acknowledged: number[] = [];
    const refused: unknown[] = [];
    let crashed: Promise<void> | undefined;
    // Buys one after another, with a few in flight; Redis dies after the tenth acknowledgement.
    const burst = Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 15; i++) {
        const reply = await buy(buyer, CALL_5M);
        if (reply.error) refused.push(reply.error);
        else acknowledged.push(reply.buy.transaction_id);
        if (acknowledged.length >= 10 && !crashed) crashed = redis.crash();
      }
    });
    await Promise.all(burst);
    await crashed;
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) expect(error).toEqual(UNAVAILABLE);

    redis = await startRedisServer({ restartOf: redis, args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    const { rows, balanceCents } = await truth(redis.url);
    const bought = rows.filter((row) => row.action === 'buy').map((row) => row.transactionId);
    // Nothing acknowledged is lost. A buy refused as unavailable may have been applied all the
    // same (Redis ran it, then died before its reply), but never more than were refused.
    expect(bought).toEqual(expect.arrayContaining(acknowledged));
    expect(bought.length - acknowledged.length).toBeLessThanOrEqual(refused.length);
    expect(balanceCents).toBe(rows.reduce((sum, row) => sum + row.amountCents, 0));

    // The nodes reconnect by themselves; B's subscription to the fleet's events is back too. Tried
    // every 250 ms: each try counts against the account's budget once the limits' Redis is back.
    await until(async () => {
      if (!(await buy(buyer, CALL_5M)).error) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
      return false;
    }, 15_000);
    const heard = watcher.messages.length;
    const next = await buy(buyer, CALL_5M);
    expect(next.error).toBeUndefined();
    await until(() => watcher.messages.slice(heard).some((m) => m.balance?.balance === next.buy.balance_after));
    await a.stop();
    await b.stop();
  }, 40_000);

  it('Redis asleep (DEBUG SLEEP): calls that need it answer ServiceUnavailable, ticks keep flowing, and the node recovers', async () => {
    const redis = await startRedisServer({ args: ['--enable-debug-command', 'local'] });
    onTestFinished(() => redis.stop());
    const a = await node(redis.url, 1);
    const trader = await authorized(a.url, a.token!);
    const ticks = await RawSocket.open(a.url);
    await ticks.answered({ ticks: '1HZ100V' });
    const inspector = createClient({ url: redis.url });
    await inspector.connect();
    onTestFinished(() => inspector.destroy());

    const sleeping = inspector.sendCommand(['DEBUG', 'SLEEP', '4']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ticksBefore = ticks.messages.length;
    const started = performance.now();
    const [balance, bought] = await Promise.all([trader.request({ balance: 1 }), buy(trader, CALL_5M)]);
    const waited = performance.now() - started;
    expect(balance.error).toEqual(UNAVAILABLE);
    expect(bought.error).toEqual(UNAVAILABLE);
    // Within the stores' deadlines (1 s for the limits, 2 s for the ledger), not the 4 s of sleep.
    expect(waited).toBeLessThan(2_800);
    expect(await trader.answered({ ping: 1 })).toMatchObject({ ping: 'pong' });
    await sleeping;
    // A tick a second went on while Redis slept: the market is computed on the node.
    expect(ticks.messages.length - ticksBefore).toBeGreaterThanOrEqual(3);

    await until(async () => !(await trader.request({ balance: 1 })).error, 5_000);
    const after = await truth(redis.url);
    expect(after.balanceCents).toBe(after.rows.reduce((sum, row) => sum + row.amountCents, 0));
    await a.stop();
  }, 30_000);

  it('a node SIGKILLed mid-burst: the node left standing settles every contract it had sold, once', async () => {
    const redis = await startRedisServer();
    onTestFinished(() => redis.stop());
    const a = await node(redis.url);
    const b = await node(redis.url);
    const buyer = await authorized(a.url, a.token!);
    let acknowledged = 0;
    const burst = Array.from({ length: 30 }, async () => {
      const reply = await buy(buyer, CALL_5T);
      if (!reply.error) acknowledged++;
      if (acknowledged === 10) a.cli.child.kill('SIGKILL');
    });
    await Promise.race([Promise.all(burst), buyer.closed]);
    await a.cli.exited;
    expect(acknowledged).toBeGreaterThanOrEqual(10);

    // B never had a connection of this account: its settler sells A's contracts, heard by pub/sub.
    await until(async () => (await truth(redis.url)).open.length === 0, 15_000);
    const { rows, balanceCents } = await truth(redis.url);
    expect(rows.filter((row) => row.action === 'buy').length).toBeGreaterThanOrEqual(acknowledged);
    expectEachSoldOnce(rows, balanceCents);
    await b.stop();
  }, 40_000);

  it('a node cut off from Redis misses the buys of that time; its sweep settles them once the link is back', async () => {
    const redis = await startRedisServer();
    onTestFinished(() => redis.stop());
    const proxy = await FaultProxy.start(redis.port);
    const a = await node(redis.url);
    const b = await node(`redis://127.0.0.1:${proxy.port}`);
    proxy.refuse(60_000);
    proxy.cut();
    const buyer = await authorized(a.url, a.token!);
    const bought = await Promise.all(Array.from({ length: 5 }, () => buy(buyer, CALL_5T)));
    for (const reply of bought) expect(reply.error).toBeUndefined();
    // A dies before any of them is decided: only B is left, and it heard none of the buys.
    a.cli.child.kill('SIGKILL');
    await a.cli.exited;
    // Five ticks of R_100 are 1 s at --speed 10; past that and the sweep's grace, still open.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await truth(redis.url)).open).toHaveLength(5);

    proxy.refuse(0);
    await until(async () => (await truth(redis.url)).open.length === 0, 15_000);
    const { rows, balanceCents } = await truth(redis.url);
    expect(rows.filter((row) => row.action === 'buy')).toHaveLength(5);
    expectEachSoldOnce(rows, balanceCents);
    await b.stop();
  }, 40_000);
});
