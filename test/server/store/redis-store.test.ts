import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { eventsOfMessage } from '../../../src/server/store/redis/account-messages.js';
import { RedisStore } from '../../../src/server/store/redis/redis-store.js';
import type { AccountEvent, Store } from '../../../src/server/store/store.js';
import { REDIS_SERVER_PATH, startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { until } from '../../support/until.js';
import { contractOrder } from './contract-orders.js';
import { newAccount, refusal } from './store-helpers.js';
import { storeContract } from './store-contract.js';

// One redis-server for the file; each store gets a prefix of its own (a fresh, empty store), and
// its peer the same prefix (a second node on the same data).
let server: RedisServer | undefined;
let stores = 0;
const prefixes = new WeakMap<Store, string>();

describe.skipIf(REDIS_SERVER_PATH === undefined)('RedisStore', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    const stopped = server!;
    await stopped.stop();
    // Stopped means gone: signal 0 to its PID finds no process.
    expect(() => process.kill(stopped.pid, 0)).toThrow();
  });

  const open = async (prefix: string) => {
    const store = await RedisStore.open({ url: server!.url, prefix });
    prefixes.set(store, prefix);
    return store;
  };

  storeContract('Redis (one key prefix per store)', {
    open: () => open(`test${++stores}:`),
    openPeer: (store) => open(prefixes.get(store)!),
    propertyRuns: 50,
  });

  it("every write's script publishes what it committed on the account's channel: the same events a peer would announce", async () => {
    const store = await open('pubsub:');
    const subscriber = createClient({ url: server!.url });
    await subscriber.connect();
    onTestFinished(async () => {
      await subscriber.close();
      await store.close();
    });
    const published: AccountEvent[] = [];
    await subscriber.subscribe('pubsub:{CR10}:events', (message) => published.push(...eventsOfMessage(message)));
    const local: AccountEvent[] = [];
    store.onAccountEvent((event) => local.push(event));
    await store.ensureAccount(newAccount('CR10', 1_000));
    const { contract } = await store.buyContract(contractOrder('CR10', 400));
    await store.debit({ loginid: 'CR10', amountCents: 1_000, action: 'buy' }).catch(() => {}); // refused: nothing published
    await store.updateContract({ contractId: contract.contractId, timeMs: 3, change: '{"takeProfit":5}' });
    await store.sellContract({
      contractId: contract.contractId,
      sellPriceCents: 800,
      sellTimeMs: 5,
      outcome: '{"a":1}',
    });
    await store.sellContract({ contractId: contract.contractId, sellPriceCents: 800, sellTimeMs: 5, outcome: '{}' }); // a repeat
    await store.updateContract({ contractId: contract.contractId, timeMs: 6, change: '{}' }).catch(() => {}); // sold: refused
    await store.creditOnce({ loginid: 'CR10', amountCents: 3, action: 'sell', key: 'k' });
    await store.topUp({ loginid: 'CR10', balanceCents: 5_000, action: 'virtual_credit' });
    await store.adjustBalance('CR10', -1);
    await until(() => published.length >= local.length);
    expect(local.map((event) => event.kind)).toEqual([
      'ledger-row',
      'ledger-row',
      'contract',
      'contract',
      'ledger-row',
      'contract',
      'ledger-row',
      'ledger-row',
      'ledger-row',
    ]);
    expect(published).toEqual(local);
    const sold = local.at(4);
    expect(sold?.kind === 'ledger-row' && sold.contract?.updates).toEqual([
      { sequence: 1, timeMs: 3, change: '{"takeProfit":5}' },
    ]);
  });

  it('with fleetEvents a store hears every other store on its prefix once, its own writes once, and no other prefix', async () => {
    const a = await RedisStore.open({ url: server!.url, prefix: 'fleet:', fleetEvents: true });
    const b = await RedisStore.open({ url: server!.url, prefix: 'fleet:', fleetEvents: true });
    const other = await RedisStore.open({ url: server!.url, prefix: 'fleet:x:' });
    onTestFinished(async () => {
      await Promise.all([a.close(), b.close(), other.close()]);
    });
    const heardByB: AccountEvent[] = [];
    b.onAccountEvent((event) => heardByB.push(event));
    const heardByA: AccountEvent[] = [];
    a.onAccountEvent((event) => heardByA.push(event));
    await other.ensureAccount(newAccount('CR40', 1_000)); // another prefix: heard by neither
    await a.ensureAccount(newAccount('CR40', 1_000));
    const { contract } = await a.buyContract(contractOrder('CR40', 400));
    await b.sellContract({ contractId: contract.contractId, sellPriceCents: 800, sellTimeMs: 5, outcome: '{}' });
    await until(() => heardByB.length >= 5 && heardByA.length >= 5);
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a duplicate to arrive
    const summary = (events: AccountEvent[]) =>
      events.map((event) =>
        event.kind === 'ledger-row' ? `row ${event.row.action}` : `contract ${!!event.contract.sale}`,
      );
    const expected = ['row deposit', 'row buy', 'contract false', 'row sell', 'contract true'];
    expect(summary(heardByA)).toEqual(expected);
    expect(summary(heardByB)).toEqual(expected);
    expect(heardByB).toEqual(heardByA);
  });

  it('a subscriber whose connection Redis drops reconnects and subscribes again: later writes are heard', async () => {
    const a = await RedisStore.open({ url: server!.url, prefix: 'resub:' });
    const b = await RedisStore.open({ url: server!.url, prefix: 'resub:', fleetEvents: true });
    const admin = createClient({ url: server!.url });
    await admin.connect();
    onTestFinished(async () => {
      await admin.close();
      await Promise.all([a.close(), b.close()]);
    });
    const heard: string[] = [];
    b.onAccountEvent((event) => {
      if (event.kind === 'ledger-row') heard.push(event.row.action);
    });
    await a.ensureAccount(newAccount('CR50', 1_000));
    await until(() => heard.length === 1);
    const pubsubClients = async () =>
      (await admin.sendCommand(['CLIENT', 'LIST', 'TYPE', 'pubsub'])) as unknown as string;
    expect(await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub'])).toBeGreaterThanOrEqual(1);
    // Back once Redis lists a subscriber with one pattern again (psub=1).
    await until(async () => / psub=1 /.test(await pubsubClients()));
    await a.debit({ loginid: 'CR50', amountCents: 100, action: 'buy' });
    await until(() => heard.length === 2);
    expect(heard).toEqual(['deposit', 'buy']);
  });

  it("one account's keys share its hash tag; the fleet's keys carry tags of their own", async () => {
    const store = await open('layout:');
    const inspector = createClient({ url: server!.url });
    await inspector.connect();
    onTestFinished(async () => {
      await inspector.close();
      await store.close();
    });
    await store.ensureAccount(newAccount('CR20', 1_000, { userId: 4 }));
    await store.addToken('tokenOfCr20aaaa', { loginid: 'CR20', scopes: ['trade'] });
    const { contract } = await store.buyContract(contractOrder('CR20', 100));
    await store.buyContract(contractOrder('CR20', 100));
    await store.sellContract({ contractId: contract.contractId, sellPriceCents: 0, sellTimeMs: 1, outcome: '{}' });
    await store.creditOnce({ loginid: 'CR20', amountCents: 1, action: 'sell', key: 'k' });
    await store.setOnce('market-seed', '7');
    expect((await inspector.keys('layout:*')).sort()).toEqual([
      'layout:{CR20}:account',
      'layout:{CR20}:contracts',
      'layout:{CR20}:credits',
      'layout:{CR20}:ledger',
      'layout:{CR20}:open',
      'layout:{CR20}:sold',
      'layout:{contracts}:open-by-expiry',
      'layout:{contracts}:owner',
      'layout:{ids}',
      'layout:{meta}',
      'layout:{tokens}',
      'layout:{user:4}:accounts',
    ]);
    // The token is a field of the tokens hash, never part of a key's name.
    expect(await inspector.hKeys('layout:{tokens}')).toEqual(['tokenOfCr20aaaa']);
    expect(await inspector.hGet('layout:{CR20}:account', 'balance')).toBe('801');
  });

  it('while Redis is gone a call fails at once with StoreUnavailable, not queued for later; close still ends', async () => {
    const own = await startRedisServer();
    onTestFinished(() => own.stop());
    const store = await RedisStore.open({ url: own.url, prefix: 'gone:' });
    await store.ensureAccount(newAccount('CR30', 100));
    await own.stop();
    const started = performance.now();
    const error = await refusal(store.debit({ loginid: 'CR30', amountCents: 1, action: 'buy' }));
    expect(error.code).toBe('StoreUnavailable');
    expect(performance.now() - started).toBeLessThan(1_000);
    await store.close();
  });

  it('paused (SIGSTOP): a read and a write fail within the deadline; the write, applied when Redis wakes, is announced then', async () => {
    const own = await startRedisServer();
    onTestFinished(async () => {
      process.kill(own.pid, 'SIGCONT');
      await own.stop();
    });
    const store = await RedisStore.open({ url: own.url, prefix: 'paused:', commandTimeoutMs: 300 });
    onTestFinished(() => store.close());
    await store.ensureAccount(newAccount('CR31', 100));
    const heard: AccountEvent[] = [];
    store.onAccountEvent((event) => heard.push(event));
    process.kill(own.pid, 'SIGSTOP');
    const started = performance.now();
    const [read, write] = await Promise.all([
      refusal(store.account('CR31')),
      refusal(store.debit({ loginid: 'CR31', amountCents: 40, action: 'buy' })),
    ]);
    const waited = performance.now() - started;
    for (const error of [read, write]) {
      expect(error.code).toBe('StoreUnavailable');
      expect(error.message).toBe('the store could not commit: Redis gave no answer within 300 ms');
    }
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(1_000);
    expect(heard).toEqual([]);
    process.kill(own.pid, 'SIGCONT');
    // The debit had reached Redis: it is applied, and its row announced, once Redis answers.
    await until(() => heard.length === 1);
    expect(heard[0]).toMatchObject({ kind: 'ledger-row', row: { loginid: 'CR31', action: 'buy', amountCents: -40 } });
    expect((await store.account('CR31'))!.balanceCents).toBe(60);
  });

  it('an unreachable Redis is StoreUnavailable at open', async () => {
    const error = await RedisStore.open({ url: 'redis://127.0.0.1:1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'StoreUnavailable',
      message: 'the store could not commit: connect ECONNREFUSED 127.0.0.1:1',
    });
  });
});
