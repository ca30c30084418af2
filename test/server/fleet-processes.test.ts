import { describe, expect, it, onTestFinished } from 'vitest';
import { RawSocket } from '../support/raw-socket.js';
import { REDIS_SERVER_PATH, startRedisServer } from '../support/redis-server.js';
import { DEMO_LOGINID, serveOn } from '../support/serve-cli.js';
import { until } from '../support/until.js';

// Three `deriv-ws serve --redis` processes on one redis-server, as a fleet runs: each its own
// process, reached only through its socket. (test/server/scale-out.test.ts runs the same cases
// in process, where a test can move the clock; scale-out-faults.test.ts kills and cuts things.)

const CALL_5M = {
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 500,
  duration: 5,
  duration_unit: 'm',
};

async function authorized(url: string, token: string): Promise<RawSocket> {
  const raw = await RawSocket.open(url);
  await raw.answered({ authorize: token });
  return raw;
}

async function history(url: string, end: number) {
  const raw = await RawSocket.open(url);
  return (await raw.answered({ ticks_history: 'R_100', end, count: 10, style: 'ticks' })).history;
}

describe.skipIf(REDIS_SERVER_PATH === undefined)('three serve processes on one Redis', () => {
  it('show one market and one account; a buy on A reaches B; 40 buys across them on a balance covering 20 buy exactly 20; one budget', async () => {
    const redis = await startRedisServer();
    onTestFinished(() => redis.stop());
    const a = await serveOn(['--redis', redis.url]);
    const b = await serveOn(['--redis', redis.url]);
    expect(b.token).toBe(a.token);
    const end = Math.floor(Date.now() / 1000) - 5;
    expect(await history(b.url, end)).toEqual(await history(a.url, end));

    // A buy on A, in B's balance and transaction streams.
    const onA = await authorized(a.url, a.token!);
    const onB = await authorized(b.url, a.token!);
    await onB.answered({ balance: 1, subscribe: 1 });
    await onB.answered({ transaction: 1, subscribe: 1 });
    const first = await onA.requestById({ buy: '1', price: 500, parameters: CALL_5M, req_id: 1 });
    expect(first.buy).toMatchObject({ buy_price: 500, balance_after: 9_500 });
    const streamed = (type: string) => onB.messages.filter((m) => m.msg_type === type && m.subscription);
    await until(() => streamed('balance').length >= 2 && streamed('transaction').some((m) => m.transaction.action));
    expect(streamed('balance').map((m) => m.balance.balance)).toEqual([10_000, 9_500]);
    expect(streamed('transaction').find((m) => m.transaction.action)!.transaction).toMatchObject({
      action: 'buy',
      amount: -500,
      contract_id: first.buy.contract_id,
    });

    // C starts later: the same market, the same account as it is now.
    const c = await serveOn(['--redis', redis.url]);
    expect(c.token).toBe(a.token);
    expect(await history(c.url, end)).toEqual(await history(a.url, end));
    const onC = await authorized(c.url, a.token!);
    expect((await onC.answered({ balance: 1 })).balance).toMatchObject({ balance: 9_500, loginid: DEMO_LOGINID });

    // 9 500 covers 20 buys of 475: 40 at once, split across the three, buy exactly 20.
    const burst = { ...CALL_5M, amount: 475 };
    const connections = [onA, onB, onC, await authorized(a.url, a.token!), await authorized(b.url, a.token!)];
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        connections[i % connections.length]!.requestById({
          buy: '1',
          price: 475,
          parameters: burst,
          req_id: 100 + i,
        }),
      ),
    );
    const bought = replies.filter((reply) => reply.buy);
    expect(bought).toHaveLength(20);
    for (const reply of replies.filter((r) => r.error)) expect(reply.error.code).toBe('InsufficientBalance');
    expect(new Set(bought.map((reply) => reply.buy.contract_id)).size).toBe(20);
    for (const raw of [onA, onB, onC]) expect((await raw.answered({ balance: 1 })).balance.balance).toBe(0);

    // Failed authorizations from one IP: 20 a minute for the fleet, not for each node.
    const fail = async (url: string) =>
      (await (await RawSocket.open(url)).request({ authorize: 'NoSuchToken1234' })).error;
    for (let i = 0; i < 20; i++) expect((await fail([a, b, c][i % 3]!.url)).code).toBe('InvalidToken');
    for (const node of [a, b, c]) expect((await fail(node.url)).code).toBe('RateLimit');

    await Promise.all([a.stop(), b.stop(), c.stop()]);
  }, 60_000);
});

describe.skipIf(REDIS_SERVER_PATH === undefined)('two serve processes on one Redis, at --speed 10', () => {
  it('started a second apart, show the same tick within 250 ms of each other; a contract bought on A sells on B; a proposal id from A is refused on B', async () => {
    const redis = await startRedisServer();
    onTestFinished(() => redis.stop());
    const a = await serveOn(['--redis', redis.url, '--speed', '10']);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const b = await serveOn(['--redis', redis.url, '--speed', '10']);

    // When each tick arrives here, by epoch: the same clock anchor gives the same epoch at the same moment.
    const arrivals = async (url: string) => {
      const raw = await RawSocket.open(url);
      const seen = new Map<number, { quote: number; at: number }>();
      raw.socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.tick) seen.set(message.tick.epoch, { quote: message.tick.quote, at: performance.now() });
      });
      await raw.answered({ ticks: '1HZ100V' });
      return seen;
    };
    const [onA, onB] = await Promise.all([arrivals(a.url), arrivals(b.url)]);
    const both = () => [...onA.keys()].filter((epoch) => onB.has(epoch));
    await until(() => both().length >= 20, 10_000);
    for (const epoch of both()) {
      expect(onB.get(epoch)!.quote).toBe(onA.get(epoch)!.quote);
      expect(Math.abs(onB.get(epoch)!.at - onA.get(epoch)!.at)).toBeLessThan(250);
    }

    const buyer = await authorized(a.url, a.token!);
    const seller = await authorized(b.url, a.token!);
    const { proposal } = await buyer.answered({ proposal: 1, ...CALL_5M, amount: 10 });
    expect((await seller.request({ buy: proposal.id, price: 10 })).error).toEqual({
      code: 'InvalidContractProposal',
      message: 'Unknown contract proposal',
    });
    const { buy } = await buyer.answered({ buy: proposal.id, price: 10 });
    // Past the entry tick (R_100 ticks every 2 clock seconds: 0.2 s here), B sells it, once.
    let sold: Record<string, any> | undefined;
    await until(async () => {
      const reply = await seller.request({ sell: buy.contract_id, price: 0 });
      if (reply.sell) sold = reply.sell;
      return sold !== undefined;
    }, 5_000);
    expect(sold).toMatchObject({ contract_id: buy.contract_id, reference_id: buy.transaction_id });
    expect((await buyer.request({ sell: buy.contract_id, price: 0 })).error.code).toBe('InvalidSellContractProposal');
    await Promise.all([a.stop(), b.stop()]);
  }, 40_000);
});
