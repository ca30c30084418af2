import { describe, expect, it } from 'vitest';
import { derivApi } from '../../support/deriv-api.js';
import { acceleratedClock } from '../../../src/server/clock.js';
import { otpUrl, startRestServer } from './fixture.js';

describe("Deriv's own client on the new API's account socket, as DBot drives it", () => {
  it('ping, balance (the account, no authorize), proposal → buy → proposal_open_contract until sold, statement', async () => {
    const server = await startRestServer({ clock: acceleratedClock(20), market: { seed: 3 } });
    const api = derivApi(await otpUrl(server, 'VRTC800001'));
    expect((await api.ping()).ping).toBe('pong');
    // DBot's first call: balance tells it the account (loginid), its currency and balance.
    expect((await api.balance()).balance).toEqual({ balance: 10_000, currency: 'USD', loginid: 'VRTC800001' });

    // Its per-call helpers check v3's required fields (`symbol`): DBot sends new-API requests with `send`.
    const { proposal } = await api.send({
      proposal: 1,
      contract_type: 'DIGITODD',
      underlying_symbol: 'R_100',
      currency: 'USD',
      basis: 'stake',
      amount: 2,
      duration: 1,
      duration_unit: 't',
    });
    expect(proposal).toMatchObject({ ask_price: 2, id: expect.any(String) });
    const { buy } = await api.send({ buy: proposal.id, price: 2 });
    expect(buy).toMatchObject({ buy_price: 2, payout: proposal.payout, balance_after: 9_998 });

    const sold = await new Promise<Record<string, any>>((resolve, reject) => {
      const subscription = api
        .subscribe({ proposal_open_contract: 1, contract_id: buy.contract_id, subscribe: 1 })
        .subscribe({
          next: (message: { proposal_open_contract: Record<string, any> }) => {
            if (message.proposal_open_contract.is_sold !== 1) return;
            subscription.unsubscribe();
            resolve(message.proposal_open_contract);
          },
          error: reject,
        });
    });
    // The new API's shape: money as text, the symbol as underlying_symbol.
    expect(sold).toMatchObject({
      contract_id: buy.contract_id,
      is_sold: 1,
      buy_price: '2.00',
      underlying_symbol: 'R_100',
    });
    expect(sold.status === 'won' ? proposal.payout.toFixed(2) : '0.00').toBe(sold.sell_price);
    const { statement } = await api.send({ statement: 1, limit: 2 });
    expect(statement.transactions.map((row: { action_type: string }) => row.action_type)).toEqual(['sell', 'buy']);
    expect((await api.balance()).balance.balance).toBe(statement.transactions[0].balance_after);
    // The v3 calls the new API has not: refused as unknown, whatever the client offers.
    await expect(api.send({ authorize: 'anything' })).rejects.toMatchObject({ error: { code: 'UnrecognisedRequest' } });
  });
});
