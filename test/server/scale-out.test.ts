import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINID } from '../../src/server/accounts/demo-account.js';
import type { ServerOptions } from '../../src/server/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { RawSocket } from '../support/raw-socket.js';
import { REDIS_SERVER_PATH, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';
import { buyNow, CALL_1T, CALL_5M, connectAs, START, TRADER, TRADING_ACCOUNTS } from './trading/sandbox.js';

// Two nodes, in this process, on one redis-server: each test's fleet has a key prefix of its own.
let redis: RedisServer | undefined;
let fleets = 0;

/** Two nodes of a new fleet: on clocks the test moves together (at START), or on the system clock. */
async function twoNodes({ manual = true, ...options }: ServerOptions & { manual?: boolean } = {}) {
  const prefix = `fleet${++fleets}:`;
  const clocks = manual ? [new ManualClock(START * 1000 + 100), new ManualClock(START * 1000 + 100)] : [];
  const node = (i: number) =>
    startServer({
      redis: { url: redis!.url, prefix },
      rateLimits: false,
      ...(clocks[i] ? { clock: clocks[i] } : {}),
      ...options,
    });
  const a = await node(0);
  const b = await node(1);
  const advanceTo = (epoch: number) => {
    for (const clock of clocks) clock.advanceTo(epoch);
  };
  return { a, b, advanceTo };
}

describe.skipIf(REDIS_SERVER_PATH === undefined)('two nodes on one Redis', () => {
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());

  it('share one market without --seed, the same ticks, and one demo account with one token', async () => {
    const { a, b } = await twoNodes({ manual: false });
    expect(b.seed).toBe(a.seed);
    expect(a.demoToken).toMatch(/^\w{15}$/);
    expect(b.demoToken).toBe(a.demoToken);
    const end = Math.floor(Date.now() / 1000) - 10;
    const history = async (url: string) =>
      (await (await RawSocket.open(url)).answered({ ticks_history: 'R_100', end, count: 5, style: 'ticks' })).history;
    expect(await history(b.url)).toEqual(await history(a.url));
    expect((await history(a.url)).prices).toHaveLength(5);
    // Live: the same epoch has the same quote on both.
    const [onA, onB] = [await RawSocket.open(a.url), await RawSocket.open(b.url)];
    await Promise.all([onA.answered({ ticks: '1HZ100V' }), onB.answered({ ticks: '1HZ100V' })]);
    const ticks = (raw: RawSocket) => new Map(raw.messages.map((m) => [m.tick.epoch, m.tick.quote]));
    await until(() => [...ticks(onA).keys()].filter((epoch) => ticks(onB).has(epoch)).length >= 2);
    for (const [epoch, quote] of ticks(onA)) if (ticks(onB).has(epoch)) expect(ticks(onB).get(epoch)).toBe(quote);
    // Both authorize with the one token, as the one account.
    for (const url of [a.url, b.url])
      expect((await connectAs(url, a.demoToken!)).messages[0]!.authorize.loginid).toBe(DEMO_LOGINID);
  });

  it('a node started later shows the same market and the same account', async () => {
    const { a, b } = await twoNodes({ accounts: TRADING_ACCOUNTS });
    await a.accounts.setBalance('VRTC700001', 123.45);
    const c = await startServer({ redis: { url: redis!.url, prefix: `fleet${fleets}:` }, rateLimits: false });
    expect([b.seed, c.seed]).toEqual([a.seed, a.seed]);
    expect((await connectAs(c.url, TRADER)).messages[0]!.authorize.balance).toBe(123.45);
  });

  it('a proposal id from A is refused on B: proposals live in the node that priced them', async () => {
    const { a, b } = await twoNodes({ accounts: TRADING_ACCOUNTS });
    const onA = await connectAs(a.url, TRADER);
    const onB = await connectAs(b.url, TRADER);
    const { id } = (await onA.answered({ proposal: 1, ...CALL_5M })).proposal;
    expect((await onB.request({ buy: id, price: 10 })).error).toEqual({
      code: 'InvalidContractProposal',
      message: 'Unknown contract proposal',
    });
    expect((await onA.answered({ buy: id, price: 10 })).buy.buy_price).toBe(10);
  });

  it('a node asking for another seed than the fleet keeps is refused', async () => {
    const { a } = await twoNodes({ market: { seed: 7 } });
    const refused = await startServer({
      redis: { url: redis!.url, prefix: `fleet${fleets}:` },
      market: { seed: 8 },
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'DatabaseRefused',
      reason: 'SeedMismatch',
      message: `${redis!.url} keeps the market of seed ${a.seed}: start without --seed, with --seed ${a.seed}, or on another --redis (or prefix)`,
    });
  });

  it("a buy on A reaches B's balance and transaction streams", async () => {
    const { a, b } = await twoNodes({ accounts: TRADING_ACCOUNTS });
    const onA = await connectAs(a.url, TRADER);
    const onB = await connectAs(b.url, TRADER);
    await onB.answered({ balance: 1, subscribe: 1 });
    await onB.answered({ transaction: 1, subscribe: 1 });
    const bought = await buyNow(onA, CALL_5M);
    const updates = (type: string) => onB.messages.filter((m) => m.msg_type === type && m.subscription);
    await until(() => updates('balance').length >= 2 && updates('transaction').some((m) => m.transaction.action));
    expect(updates('balance').map((m) => m.balance.balance)).toEqual([10_000, 9_990]);
    expect(updates('balance')[1]!.balance).toMatchObject({ currency: 'USD', loginid: 'VRTC700001' });
    const transaction = updates('transaction').find((m) => m.transaction.action)!.transaction;
    expect(transaction).toMatchObject({
      action: 'buy',
      amount: -10,
      balance: 9_990,
      contract_id: bought.contract_id,
      transaction_id: bought.transaction_id,
    });
  });

  it('40 buys of 5 at once, split across A and B, on 100: exactly 20 contracts, 20 InsufficientBalance, 0.00 left', async () => {
    const { a, b } = await twoNodes({ accounts: TRADING_ACCOUNTS });
    await a.accounts.setBalance('VRTC700001', 100);
    const connections = await Promise.all([a, a, a, b, b, b].map((node) => connectAs(node.url, TRADER)));
    const parameters = { ...CALL_5M, amount: 5 };
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        connections[i % 6]!.requestById({ buy: '1', price: 5, parameters, req_id: 1_000 + i }),
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
    // No contract id twice. (Which node wins how many is up to timing: A's are often all first.)
    expect(new Set(bought.map((reply) => reply.buy.contract_id)).size).toBe(20);
    expect(bought.map((reply) => reply.buy.balance_after).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 5),
    );
    for (const raw of [connections[0]!, connections[3]!])
      expect((await raw.answered({ balance: 1 })).balance.balance).toBe(0);
    expect((await connections[3]!.answered({ portfolio: 1 })).portfolio.contracts).toHaveLength(20);
  });

  it('a contract bought on A is sold on B, once', async () => {
    const { a, b, advanceTo } = await twoNodes({ accounts: TRADING_ACCOUNTS });
    const onA = await connectAs(a.url, TRADER);
    const onB = await connectAs(b.url, TRADER);
    const bought = await buyNow(onA, CALL_5M);
    advanceTo(START + 4); // past the entry tick: a contract sells from then on
    const sold = (await onB.answered({ sell: bought.contract_id, price: 0 })).sell;
    expect(sold).toMatchObject({ contract_id: bought.contract_id, reference_id: bought.transaction_id });
    expect((await onA.request({ sell: bought.contract_id, price: 0 })).error).toMatchObject({
      code: 'InvalidSellContractProposal',
    });
    const { statement } = await onA.answered({ statement: 1 });
    expect(statement.transactions.filter((row: { action_type: string }) => row.action_type === 'sell')).toHaveLength(1);
  });

  it("A bought a contract and closed: B's settler sells it when the market decides it, once", async () => {
    const { a, b, advanceTo } = await twoNodes({ accounts: TRADING_ACCOUNTS });
    const onA = await connectAs(a.url, TRADER);
    const bought = await buyNow(onA, CALL_1T);
    await a.close();
    advanceTo(START + 6);
    // Read from the store, not through a call: portfolio and statement settle what is due
    // themselves, and this is about B's settler, woken by its clock, with no client asking.
    await until(async () => (await b.store.contract(bought.contract_id))?.sale !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 100)); // room for a second sale to show
    const onB = await connectAs(b.url, TRADER);
    const rows = (await onB.answered({ statement: 1 })).statement.transactions.filter(
      (row: { action_type: string }) => row.action_type === 'sell',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ contract_id: bought.contract_id, reference_id: bought.transaction_id });
  });

  it('hold one budget for the whole fleet: failed authorizations on A count on B', async () => {
    const { a, b } = await twoNodes({
      manual: false,
      rateLimits: { failedAuthorizations: { minutely: 3, hourly: 100 } },
    });
    const fail = async (url: string) =>
      (await (await RawSocket.open(url)).request({ authorize: 'NoSuchToken1234' })).error;
    expect((await fail(a.url)).code).toBe('InvalidToken');
    expect((await fail(a.url)).code).toBe('InvalidToken');
    expect((await fail(b.url)).code).toBe('InvalidToken');
    expect(await fail(b.url)).toEqual({ code: 'RateLimit', message: 'You have reached the rate limit for authorize.' });
    expect((await fail(a.url)).code).toBe('RateLimit');
  });
});

describe.skipIf(REDIS_SERVER_PATH === undefined)('a node whose Redis is lost', () => {
  it('answers ServiceUnavailable to calls that need it, and ticks keep flowing', async () => {
    const own = await startRedisServer();
    try {
      const node = await startServer({ redis: { url: own.url, prefix: 'lost:' } });
      const raw = await connectAs(node.url, node.demoToken!);
      await raw.answered({ ticks: '1HZ100V' });
      process.kill(own.pid, 'SIGKILL');
      await own.stop();
      const refused = await raw.request({ balance: 1, req_id: 7 });
      expect(refused).toEqual({
        echo_req: { balance: 1, req_id: 7 },
        error: {
          code: 'ServiceUnavailable',
          message: 'The service is temporarily unavailable. Please try again later.',
        },
        msg_type: 'balance',
        req_id: 7,
      });
      // The market needs no Redis: the stream goes on.
      const ticksBefore = raw.messages.filter((m) => m.msg_type === 'tick').length;
      await until(() => raw.messages.filter((m) => m.msg_type === 'tick').length >= ticksBefore + 2, 5_000);
      expect((await raw.answered({ time: 1 })).msg_type).toBe('time');
    } finally {
      await own.stop();
    }
  });
});
