import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionLostError, DerivClient, DerivError, type Contract } from '../../src/client/node.js';
import { acceleratedClock, type AccountsConfig } from '../../src/server/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { startServer } from '../support/servers.js';

/*
 * Contracts bought while the connection is cut at random moments: whatever the timing, every
 * buy() settles, each contract is bought once (the server sees one buy per call, never a
 * repeat), every handle that resolved settles exactly once with what the ledger says, and a buy
 * whose reply was lost is found by findContract() if, and only if, the ledger has it.
 */

const TOKEN = 'a1-ContractDropsTokenAbcdefghij';
const accounts: AccountsConfig = {
  accounts: [
    {
      loginid: 'VRTC800002',
      currency: 'USD',
      balance: 10_000,
      is_virtual: true,
      tokens: [{ token: TOKEN, scopes: ['read', 'trade'] }],
    },
  ],
};
const order = (ticks: number) =>
  ({
    proposal: 1,
    contract_type: 'DIGITEVEN',
    symbol: '1HZ100V',
    currency: 'USD',
    basis: 'stake',
    amount: 1,
    duration: ticks,
    duration_unit: 't',
  }) as const;

describe('Contract handles across random drops (property)', () => {
  it('each buy() is sent once and settles; resolved contracts settle once, as the ledger says', async () => {
    const server = await startServer({ accounts, market: { seed: 4 }, clock: acceleratedClock(20), rateLimits: false });
    const proxy = await FaultProxy.start(server.port);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
          fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 3 }),
          async (tickCounts, cutsAtMs) => {
            const client = new DerivClient({
              url: proxy.urlFor(server.url),
              minRetryDelayMs: 10,
              maxRetryDelayMs: 50,
              connectTimeoutMs: 1_000,
              rateLimit: false,
            });
            try {
              await client.authorize(TOKEN);
              const since = (await client.send({ time: 1 })).time!;
              // Earlier runs may have bought in the same second: only what this run bought counts.
              const earlier = new Set(
                (await client.send({ statement: 1, date_from: since, limit: 999 })).statement!.transactions!.map(
                  (row) => row.contract_id,
                ),
              );
              const buysBefore = server.callCount('buy');
              const timers = cutsAtMs.map((ms) => setTimeout(() => proxy.cut(), ms));
              const outcomes = await Promise.allSettled(tickCounts.map((ticks) => client.buy(order(ticks))));
              for (const timer of timers) clearTimeout(timer);
              expect(server.callCount('buy') - buysBefore).toBeLessThanOrEqual(tickCounts.length);

              const bought = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
              for (const outcome of outcomes) {
                if (outcome.status === 'fulfilled') continue;
                const error = outcome.reason as unknown;
                expect(error instanceof ConnectionLostError || error instanceof DerivError, String(error)).toBe(true);
              }
              const settlements = await Promise.all(bought.map((contract: Contract) => contract.settled));
              const sells = new Map<number, number>();
              const rows = (
                await client.send({ statement: 1, date_from: since, limit: 999 })
              ).statement!.transactions!.filter((row) => !earlier.has(row.contract_id));
              for (const row of rows) if (row.action_type === 'sell') sells.set(row.contract_id!, row.amount!);
              bought.forEach((contract, index) => {
                expect(sells.get(contract.id), `contract ${contract.id}`).toBe(settlements[index]!.sellPrice);
              });
              // What the ledger bought but no handle holds is exactly what the lost replies bought.
              const buyRows = rows.filter((row) => row.action_type === 'buy');
              const held = new Set(bought.map((contract) => contract.id));
              const unheld = buyRows.filter((row) => !held.has(row.contract_id!));
              const lostAfterSending = outcomes.filter(
                (outcome) => outcome.status === 'rejected' && (outcome.reason as ConnectionLostError).sent,
              ).length;
              expect(
                unheld.length,
                JSON.stringify(outcomes.map((outcome) => String((outcome as { reason?: unknown }).reason ?? 'ok'))),
              ).toBeLessThanOrEqual(lostAfterSending);
              if (unheld.length > 0) expect(await client.findContract({ since })).toBeDefined();
              // Every held contract is in the ledger once, and the ledger has no buy the server was not asked for.
              for (const id of held) expect(buyRows.filter((row) => row.contract_id === id)).toHaveLength(1);
              expect(buyRows.length).toBeLessThanOrEqual(server.callCount('buy') - buysBefore);
            } finally {
              await client.close();
            }
          },
        ),
        { numRuns: 12 },
      );
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
