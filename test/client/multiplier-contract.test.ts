import { describe, expect, it } from 'vitest';
import type { AccountsConfig } from '../../src/server/index.js';
import { makeClient } from '../support/clients.js';
import { ManualClock } from '../support/manual-clock.js';
import { startServer } from '../support/servers.js';

// A multiplier's handle on a real server whose clock the test moves: update its limit orders,
// cancel it, and follow it to a take-profit close.

const TOKEN = 'a1-MultiplierClientTokenAbcdefg';
const LOGINID = 'VRTC800002';
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
const START = 1_800_000_000;
const MULTUP = {
  proposal: 1,
  contract_type: 'MULTUP',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  multiplier: 100,
} as const;

async function desk() {
  const clock = new ManualClock(START * 1000 + 100);
  const server = await startServer({ accounts, market: { seed: 5 }, clock, rateLimits: false });
  const client = makeClient({ url: server.url, rateLimit: false });
  await client.authorize(TOKEN);
  return { clock, server, client };
}

describe("a multiplier's Contract", () => {
  it('update() sets and removes limit orders, and the view and the history follow', async () => {
    const { clock, client } = await desk();
    const contract = await client.buy(MULTUP);
    clock.advanceTo(START + 2);
    const set = await contract.update({ takeProfit: 5, stopLoss: 3 });
    expect(set.take_profit).toMatchObject({ order_amount: 5, display_name: 'Take profit' });
    expect(set.stop_loss).toMatchObject({ order_amount: -3, display_name: 'Stop loss' });
    const removed = await contract.update({ stopLoss: null });
    expect(removed.stop_loss).toMatchObject({ order_amount: null });
    const history = (await client.send({ contract_update_history: 1, contract_id: contract.id }))
      .contract_update_history!;
    expect(history.map((row) => row.order_type).sort()).toEqual(['stop_loss', 'stop_loss', 'take_profit']);
    await expect(contract.update({})).rejects.toThrow(new TypeError('update() needs takeProfit or stopLoss'));
    await contract.unsubscribe();
  });

  it('cancel() gives the stake back within the window; the handle settles as cancelled', async () => {
    const { clock, client } = await desk();
    const contract = await client.buy({ ...MULTUP, cancellation: '5m' });
    clock.advanceTo(START + 4);
    const receipt = await contract.cancel();
    expect(receipt).toMatchObject({ contract_id: contract.id, sold_for: 10 });
    const settlement = await contract.settled;
    expect(settlement).toMatchObject({ status: 'cancelled', sellPrice: 10 });
    // A second cancel is refused with a typed error, never sent again on its own.
    await expect(contract.cancel()).rejects.toMatchObject({ code: expect.any(String) });
  });

  it('follows a take-profit close to its settlement, won at the value it reached', async () => {
    const { clock, client } = await desk();
    const contract = await client.buy({ ...MULTUP, limit_order: { take_profit: 0.5 } });
    // Tick by tick until the settler closes it: each step lets the server's timers and the stream run.
    for (let epoch = START + 2; !contract.settlement && epoch < START + 2_000; epoch += 2) {
      clock.advanceTo(epoch);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const settlement = await contract.settled;
    expect(settlement.status).toBe('won');
    expect(settlement.profit).toBeGreaterThanOrEqual(0.5);
  }, 20_000);
});
