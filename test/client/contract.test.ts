import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionLostError,
  Contract,
  DerivError,
  StreamEndedError,
  type ContractSettlement,
  type StreamGap,
} from '../../src/client/node.js';
import { acceleratedClock, type AccountsConfig } from '../../src/server/index.js';
import { makeClient } from '../support/clients.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

const TOKEN = 'a1-ContractClientTokenAbcdefghi';
const LOGINID = 'VRTC800001';
const accounts: AccountsConfig = {
  accounts: [
    {
      loginid: LOGINID,
      currency: 'USD',
      balance: 1_000,
      is_virtual: true,
      tokens: [{ token: TOKEN, scopes: ['read', 'trade'] }],
    },
  ],
};
const quick = { minRetryDelayMs: 20, maxRetryDelayMs: 100, connectTimeoutMs: 1_000, rateLimit: false as const };
const CALL_5T = {
  proposal: 1,
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 2,
  duration: 5,
  duration_unit: 't',
} as const;
const CALL_5M = { ...CALL_5T, duration: 5, duration_unit: 'm' } as const;
/** Repriced on every tick: an ATM rise/fall is constant-price and gets no updates, a higher/lower does. */
const HIGHER_5M = { ...CALL_5M, barrier: '+0.1' } as const;

/** A server on a seeded market at 50× (a 2 s tick every 40 ms), behind a fault proxy, and a client authorized on it. */
async function trading(speed = 50, clientOptions: { pingIntervalMs?: number; pongTimeoutMs?: number } = {}) {
  const server = await startServer({
    accounts,
    market: { seed: 9 },
    clock: acceleratedClock(speed),
    rateLimits: false,
  });
  const proxy = await FaultProxy.start(server.port);
  const client = makeClient({ url: proxy.urlFor(server.url), ...quick, ...clientOptions });
  await client.authorize(TOKEN);
  return { server, proxy, client };
}

async function statementRows(client: ReturnType<typeof makeClient>) {
  return (await client.send({ statement: 1, description: 1 })).statement!.transactions!;
}

describe('client.buy() and its Contract', () => {
  it('buys a proposal and follows it to its settlement: the handle, its updates and the ledger agree', async () => {
    const { server, client } = await trading();
    const contract = await client.buy(CALL_5T);
    expect(contract).toBeInstanceOf(Contract);
    expect(contract.buyPrice).toBe(2);
    expect(contract.payout).toBeGreaterThan(2);
    expect(contract.longcode).toBe(
      'Win payout if Volatility 100 Index after 5 ticks is strictly higher than entry spot.',
    );
    expect(Number.isInteger(contract.purchaseTime)).toBe(true);
    const updates = [];
    for await (const update of contract) {
      expect(update.contract_id).toBe(contract.id);
      updates.push(update);
    }
    const settlement: ContractSettlement = await contract.settled;
    expect(updates.at(-1)).toBe(settlement.contract);
    expect(updates.filter((update) => update.is_sold === 1)).toHaveLength(1);
    expect(settlement.status).toBe(settlement.sellPrice > 0 ? 'won' : 'lost');
    expect(settlement.sellPrice).toBe(settlement.status === 'won' ? contract.payout : 0);
    expect(settlement.profit).toBe(Math.round((settlement.sellPrice - 2) * 100) / 100);
    expect(settlement.exitTickTime).toBe(settlement.contract.exit_tick_time);
    expect(contract.latest).toBe(settlement.contract);
    expect(contract.settlement).toBe(settlement);

    const rows = await statementRows(client);
    const mine = rows.filter((row) => row.contract_id === contract.id).map((row) => [row.action_type, row.amount]);
    expect(mine).toEqual([
      ['sell', settlement.sellPrice],
      ['buy', -2],
    ]);
    expect(server.callCount('buy')).toBe(1);
    expect(client.streamCount).toBe(0);
  });

  it('sell() sells it early, and it settles as sold at the price the reply gave', async () => {
    const { client } = await trading(20);
    const contract = await client.buy({ ...CALL_5M, maxPrice: 2 });
    const updates: unknown[] = [];
    contract.on('update', (update) => updates.push(update));
    await until(() => contract.latest?.is_valid_to_sell === 1, 5_000);
    const sold = await contract.sell({ minPrice: 0 });
    const settlement = await contract.settled;
    expect(settlement).toMatchObject({ status: 'sold', sellPrice: sold.sold_for });
    expect(settlement.contract.transaction_ids).toEqual({ buy: contract.transactionId, sell: sold.transaction_id });
    expect(updates.length).toBeGreaterThan(0);
  });

  it('client.proposal() streams typed prices; buy() buys at the latest one, by its id, and the price stream ends', async () => {
    const { server, client } = await trading();
    const prices = client.proposal(HIGHER_5M);
    const seen: number[] = [];
    for await (const price of prices) {
      seen.push(price.ask_price);
      if (seen.length === 3) break;
    }
    expect(prices.ended).toBe(true);
    const again = client.proposal({ ...HIGHER_5M, basis: 'payout', amount: 10 });
    await until(() => again.latest !== undefined);
    const contract = await again.buy();
    expect(contract.payout).toBe(10);
    expect(again.ended).toBe(true);
    expect(server.callCount('buy')).toBe(1);
    await expect(again.buy()).rejects.toBeInstanceOf(StreamEndedError);
    await contract.unsubscribe();
  });

  it('a refused buy or proposal rejects with the server’s error, and nothing is bought', async () => {
    const { server, client } = await trading();
    const refusal = await client.buy({ ...CALL_5T, amount: 0.2 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DerivError);
    expect(refusal).toMatchObject({
      code: 'ContractBuyValidationError',
      message: 'Minimum stake of 0.35 and maximum payout of 50000.00. Current stake is 0.20.',
    });
    const tooCheap = await client.buy({ ...CALL_5T, maxPrice: 1 }).catch((error: unknown) => error);
    expect(tooCheap).toMatchObject({ code: 'ContractCreationFailure' });
    await expect(client.buy({ proposalId: 'f'.repeat(32), price: 5 })).rejects.toMatchObject({
      code: 'InvalidContractProposal',
      message: 'Unknown contract proposal',
    });
    expect((await client.send({ portfolio: 1 })).portfolio!.contracts).toEqual([]);
    expect(server.callCount('buy')).toBe(2);
  });

  it('across a drop after the buy: the same handle follows the contract by id, with a gap, and it is never bought again', async () => {
    const { server, proxy, client } = await trading(20);
    const contract = await client.buy(CALL_5T);
    const gaps: StreamGap[] = [];
    contract.on('gap', (gap) => gaps.push(gap));
    await until(() => contract.latest !== undefined);
    proxy.cut();
    const settlement = await contract.settled;
    expect(gaps).toHaveLength(1);
    expect(settlement.contract.contract_id).toBe(contract.id);
    expect(server.callCount('buy')).toBe(1);
    expect(server.callCount('proposal_open_contract')).toBeGreaterThanOrEqual(1);
  });

  it('a drop between the buy and its reply rejects with ConnectionLost { sent: true }; findContract() then finds what was bought', async () => {
    const { server, proxy, client } = await trading(5, { pingIntervalMs: 50, pongTimeoutMs: 100 });
    const since = (await client.send({ time: 1 })).time!;
    // Swallow the reply: the buy reaches the server and is made, its answer never comes back.
    const stop = server.onRequest(({ call }) => {
      if (call === 'buy') proxy.blackhole();
    });
    const lost = await client.buy(CALL_5M).catch((error: unknown) => error);
    stop();
    expect(lost).toBeInstanceOf(ConnectionLostError);
    expect(lost).toMatchObject({ sent: true });
    proxy.blackhole(false);
    const found = await client.findContract({ since, contractType: 'CALL', symbol: 'R_100' });
    expect(found).toBeInstanceOf(Contract);
    expect(found!.buyPrice).toBe(2);
    expect(await client.findContract({ since, contractType: 'PUT' })).toBeUndefined();
    expect(await client.findContract({ since: since + 3_600 })).toBeUndefined();
    expect(server.callCount('buy')).toBe(1);
    await found!.unsubscribe();
  });

  it('unsubscribe() stops following (settled rejects with AbortError), the contract stays open, and contract(id) or openContracts() follow it again', async () => {
    const { client } = await trading(5);
    const contract = await client.buy(CALL_5M);
    await contract.unsubscribe();
    await expect(contract.settled).rejects.toBeInstanceOf(AbortError);
    const open = await client.openContracts();
    expect(open.map((handle) => handle.id)).toEqual([contract.id]);
    expect(open[0]!.buyPrice).toBe(contract.buyPrice);
    expect(open[0]!.longcode).toBe(contract.longcode);
    const again = await client.contract(contract.id);
    expect(again.payout).toBe(contract.payout);
    await Promise.all([again.unsubscribe(), open[0]!.unsubscribe()]);
    await expect(client.contract(987_654)).rejects.toBeInstanceOf(DerivError);
    expect(() => client.contract(-1)).toThrow(/contract id/);
  });
});
