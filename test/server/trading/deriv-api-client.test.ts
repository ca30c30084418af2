import { describe, expect, it } from 'vitest';
import { derivApi } from '../../support/deriv-api.js';
import { acceleratedClock } from '../../../src/server/clock.js';
import { startServer } from '../../support/servers.js';

describe("Deriv's own client on the sandbox", () => {
  it('authorize → proposal → buy → proposal_open_contract until is_sold', async () => {
    const server = await startServer({ clock: acceleratedClock(20), market: { seed: 3 } });
    const api = derivApi(server.url);
    const { authorize } = await api.authorize(server.demoToken);
    expect(authorize).toMatchObject({ loginid: 'VRTC1000001', balance: 10_000, currency: 'USD' });

    const { proposal } = await api.proposal({
      proposal: 1,
      contract_type: 'DIGITODD',
      symbol: 'R_100',
      currency: 'USD',
      basis: 'stake',
      amount: 2,
      duration: 1,
      duration_unit: 't',
    });
    expect(proposal).toMatchObject({ ask_price: 2, id: expect.any(String) });
    const { buy } = await api.buy({ buy: proposal.id, price: 2 });
    expect(buy).toMatchObject({
      buy_price: 2,
      payout: proposal.payout,
      balance_after: 9_998,
      contract_id: expect.any(Number),
    });

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
    expect(sold).toMatchObject({ contract_id: buy.contract_id, is_sold: 1, is_expired: 1, buy_price: 2 });
    expect(sold.status === 'won' ? proposal.payout : 0).toBe(sold.sell_price);
    const { statement } = await api.statement({ statement: 1, limit: 2 });
    expect(statement.transactions.map((row: { action_type: string }) => row.action_type)).toEqual(['sell', 'buy']);
    expect((await api.balance()).balance.balance).toBe(statement.transactions[0].balance_after);
  });
});
