import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_ID_PATTERN } from '../../../src/protocol/envelope.js';
import { until } from '../../support/until.js';
import { buyNow, CALL_1T, CALL_5M, connectAs, OTHER, REAL, sandbox, START } from './sandbox.js';

const transactionsOf = (messages: Record<string, any>[], id: string) =>
  messages
    .filter(
      (message) => message.msg_type === 'transaction' && message.subscription?.id === id && message.transaction.action,
    )
    .map((message) => message.transaction);

describe('transaction', () => {
  it('needs subscribe: 1; the reply names the stream; a second one is AlreadySubscribed', async () => {
    const { raw } = await sandbox();
    expect((await raw.request({ transaction: 1 })).error).toMatchObject({
      code: 'InputValidationFailed',
      message: 'Input validation failed: subscribe',
    });
    const reply = await raw.request({ transaction: 1, subscribe: 1, req_id: 1 });
    const { id } = reply.subscription;
    expect(id).toMatch(SUBSCRIPTION_ID_PATTERN);
    expect(reply).toEqual({
      echo_req: { transaction: 1, subscribe: 1, req_id: 1 },
      msg_type: 'transaction',
      req_id: 1,
      transaction: { id },
      subscription: { id },
    });
    expect(await raw.request({ transaction: 1, subscribe: 1, req_id: 2 })).toEqual({
      echo_req: { transaction: 1, subscribe: 1, req_id: 2 },
      error: { code: 'AlreadySubscribed', message: 'You are already subscribed to transaction.' },
      msg_type: 'transaction',
      req_id: 2,
    });
  });

  it("sends one message per ledger row: buy, sale and top-up, with the contract's facts, in commit order", async () => {
    const { clock, server, raw } = await sandbox();
    const { id } = (await raw.answered({ transaction: 1, subscribe: 1 })).subscription;
    const bought = await buyNow(raw, CALL_5M);
    clock.advanceTo(START + 4);
    const sold = (await raw.requestById({ sell: bought.contract_id, price: 0, req_id: 3 })).sell;
    await server.accounts.setBalance('VRTC700001', 9_000);
    await raw.answered({ topup_virtual: 1 });
    await until(() => transactionsOf(raw.messages, id).length === 4);
    const [buy, sell, adjustment, topup] = transactionsOf(raw.messages, id);
    const longcode =
      'Win payout if Volatility 100 Index is strictly higher than entry spot at 5 minutes after contract start time.';
    expect(buy).toEqual({
      action: 'buy',
      amount: -10,
      balance: 9_990,
      contract_id: bought.contract_id,
      currency: 'USD',
      date_expiry: START + 300,
      display_name: 'Volatility 100 Index',
      id,
      longcode,
      symbol: 'R_100',
      transaction_id: bought.transaction_id,
      transaction_time: START,
    });
    expect(sell).toEqual({
      action: 'sell',
      amount: sold.sold_for,
      balance: sold.balance_after,
      contract_id: bought.contract_id,
      currency: 'USD',
      date_expiry: START + 300,
      display_name: 'Volatility 100 Index',
      id,
      longcode,
      purchase_time: START,
      symbol: 'R_100',
      transaction_id: sold.transaction_id,
      transaction_time: START + 4,
    });
    expect(adjustment).toMatchObject({ action: 'adjustment', balance: 9_000, currency: 'USD', id });
    expect(topup).toEqual({
      action: 'virtual_credit',
      amount: 1_000,
      balance: 10_000,
      currency: 'USD',
      id,
      longcode: 'Virtual money credit to account',
      transaction_id: adjustment.transaction_id + 1,
      transaction_time: START + 4,
    });
    // Keys in alphabetical order, as the real server's messages come (the id spliced in among them).
    for (const message of [buy, sell, adjustment, topup])
      expect(Object.keys(message)).toEqual(Object.keys(message).sort());
    // The stream's messages carry its id in the envelope too.
    const message = raw.messages.find((m) => m.transaction?.transaction_id === bought.transaction_id)!;
    expect(message).toMatchObject({
      echo_req: { transaction: 1, subscribe: 1 },
      msg_type: 'transaction',
      subscription: { id },
    });
  });

  it("keeps the ledger's order over a burst of buys, and stops after forget", async () => {
    const { raw } = await sandbox();
    const { id } = (await raw.answered({ transaction: 1, subscribe: 1 })).subscription;
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        raw.requestById({ buy: '1', price: 1, parameters: CALL_1T, req_id: 100 + i }),
      ),
    );
    await until(() => transactionsOf(raw.messages, id).length === 12);
    const seen = transactionsOf(raw.messages, id).map((row) => row.transaction_id);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen)).toEqual(new Set(replies.map((reply) => reply.buy.transaction_id)));
    await raw.answered({ forget: id });
    const count = raw.messages.length;
    await buyNow(raw, CALL_1T);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transactionsOf(raw.messages.slice(count), id)).toEqual([]);
  });

  it("another account's rows never reach the stream", async () => {
    const { server, raw } = await sandbox();
    const { id } = (await raw.answered({ transaction: 1, subscribe: 1 })).subscription;
    const other = await connectAs(server.url, OTHER);
    await buyNow(other, CALL_1T);
    await buyNow(raw, CALL_5M);
    await until(() => transactionsOf(raw.messages, id).length === 1);
    expect(transactionsOf(raw.messages, id)[0].amount).toBe(-10);
  });
});

describe('topup_virtual', () => {
  it('resets a demo balance below 10 000 to 10 000 and answers what it credited; at 10 000 it credits 0', async () => {
    const { server, raw } = await sandbox();
    await server.accounts.setBalance('VRTC700001', 2_500.5);
    expect(await raw.request({ topup_virtual: 1, req_id: 6 })).toEqual({
      echo_req: { topup_virtual: 1, req_id: 6 },
      msg_type: 'topup_virtual',
      req_id: 6,
      topup_virtual: { amount: 7_499.5, currency: 'USD' },
    });
    expect((await raw.answered({ balance: 1 })).balance.balance).toBe(10_000);
    expect((await raw.answered({ statement: 1, limit: 1 })).statement.transactions[0]).toMatchObject({
      action_type: 'virtual_credit',
      amount: 7_499.5,
      balance_after: 10_000,
    });
    expect((await raw.answered({ topup_virtual: 1 })).topup_virtual).toEqual({ amount: 0, currency: 'USD' });
    await server.accounts.setBalance('VRTC700001', 12_000);
    expect((await raw.answered({ topup_virtual: 1 })).topup_virtual).toEqual({ amount: 0, currency: 'USD' });
    expect((await raw.answered({ balance: 1 })).balance.balance).toBe(12_000);
  });

  it('ten at once credit the difference once', async () => {
    const { server, raw } = await sandbox();
    await server.accounts.setBalance('VRTC700001', 1_000);
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => raw.requestById({ topup_virtual: 1, req_id: 10 + i })),
    );
    expect(replies.map((reply) => reply.topup_virtual.amount).sort((a, b) => b - a)).toEqual([
      9_000,
      ...Array(9).fill(0),
    ]);
    expect((await raw.answered({ balance: 1 })).balance.balance).toBe(10_000);
  });

  it('a real account gets TopupDemoError', async () => {
    const { server } = await sandbox();
    const real = await connectAs(server.url, REAL);
    expect(await real.request({ topup_virtual: 1 })).toEqual({
      echo_req: { topup_virtual: 1 },
      error: { code: 'TopupDemoError', message: 'Sorry, this feature is available to demo accounts only' },
      msg_type: 'topup_virtual',
    });
  });
});
