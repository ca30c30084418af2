import { describe, expect, it } from 'vitest';
import { buyNow, CALL_1T, CALL_5M, sandbox, START } from './sandbox.js';

/** A buy at START, its early sale at START + 4, and a 1-tick contract bought then: the ledger every report reads. */
async function history() {
  const env = await sandbox();
  const { clock, raw } = env;
  const early = await buyNow(raw, CALL_5M);
  clock.advanceTo(START + 4);
  const sold = (await raw.answered({ sell: early.contract_id, price: 0 })).sell;
  const tick = await buyNow(raw, { ...CALL_1T, contract_type: 'DIGITEVEN' });
  return { ...env, early, sold, tick };
}

describe('statement', () => {
  it('lists the ledger newest first, with each row as the real server writes it', async () => {
    const { raw, early, sold, tick } = await history();
    expect(await raw.request({ statement: 1, req_id: 5 })).toEqual({
      echo_req: { statement: 1, req_id: 5 },
      msg_type: 'statement',
      req_id: 5,
      statement: {
        count: 4,
        transactions: [
          {
            action_type: 'buy',
            amount: -1,
            app_id: null,
            balance_after: tick.balance_after,
            contract_id: tick.contract_id,
            payout: tick.payout,
            transaction_id: tick.transaction_id,
            transaction_time: START + 4,
          },
          {
            action_type: 'sell',
            amount: sold.sold_for,
            app_id: null,
            balance_after: sold.balance_after,
            contract_id: early.contract_id,
            payout: early.payout,
            purchase_time: START,
            reference_id: early.transaction_id,
            transaction_id: sold.transaction_id,
            transaction_time: START + 4,
          },
          {
            action_type: 'buy',
            amount: -10,
            app_id: null,
            balance_after: 9_990,
            contract_id: early.contract_id,
            payout: early.payout,
            transaction_id: early.transaction_id,
            transaction_time: START,
          },
          {
            action_type: 'deposit',
            amount: 10_000,
            app_id: null,
            balance_after: 10_000,
            contract_id: null,
            payout: null,
            transaction_id: expect.any(Number),
            transaction_time: expect.any(Number),
          },
        ],
      },
    });
  });

  it('filters by action_type and time, pages with limit and offset, and describes rows with description: 1', async () => {
    const { raw, early, tick } = await history();
    const ids = async (request: Record<string, unknown>) =>
      (await raw.answered({ statement: 1, ...request })).statement.transactions.map(
        (row: { transaction_id: number }) => row.transaction_id,
      );
    expect(await ids({ action_type: 'buy' })).toEqual([tick.transaction_id, early.transaction_id]);
    expect(await ids({ date_from: START + 1, action_type: 'buy' })).toEqual([tick.transaction_id]);
    expect(await ids({ date_to: START, action_type: 'buy' })).toEqual([early.transaction_id]);
    expect(await ids({ limit: 2, offset: 1 })).toHaveLength(2);
    expect((await ids({ limit: 2, offset: 1 }))[0]).toBe(early.transaction_id + 1);
    const described = (await raw.answered({ statement: 1, description: 1, limit: 1 })).statement;
    expect(described).toEqual({
      count: 1,
      transactions: [expect.objectContaining({ longcode: tick.longcode, shortcode: tick.shortcode })],
    });
    const deposit = (await raw.answered({ statement: 1, description: 1, action_type: 'deposit' })).statement
      .transactions[0];
    expect(deposit).toMatchObject({ longcode: 'Opening balance', shortcode: null });
  });

  it('settles what the market has decided before it answers', async () => {
    const { clock, raw, tick } = await history();
    clock.jump(10_000);
    const top = (await raw.answered({ statement: 1, limit: 1 })).statement.transactions[0];
    expect(top).toMatchObject({
      action_type: 'sell',
      contract_id: tick.contract_id,
      reference_id: tick.transaction_id,
      amount: expect.any(Number),
    });
    expect([0, tick.payout]).toContain(top.amount);
  });

  it('refuses limits over 999, negative offsets and bad filters through validation', async () => {
    const { raw } = await sandbox();
    for (const [field, value] of [
      ['limit', 1000],
      ['limit', -1],
      ['offset', -1],
      ['offset', 1e20],
      ['date_from', -5],
      ['action_type', 'gift'],
      ['description', 2],
    ] as const) {
      const reply = await raw.request({ statement: 1, [field]: value });
      expect(reply.error, `${field}: ${value}`).toMatchObject({
        code: 'InputValidationFailed',
        message: `Input validation failed: ${field}`,
      });
    }
  });
});

describe('profit_table', () => {
  it('lists sold contracts only, newest sale first, with description fields when asked', async () => {
    const { clock, raw, early, sold, tick } = await history();
    const open = await buyNow(raw, CALL_5M);
    clock.jump(10_000);
    const reply = await raw.request({ profit_table: 1, req_id: 8 });
    expect(reply.echo_req).toEqual({ profit_table: 1, req_id: 8 });
    const { transactions } = reply.profit_table;
    expect(reply.profit_table.count).toBe(2);
    expect(transactions.map((row: { contract_id: number }) => row.contract_id)).toEqual([
      tick.contract_id,
      early.contract_id,
    ]);
    expect(transactions.map((row: { contract_id: number }) => row.contract_id)).not.toContain(open.contract_id);
    expect(transactions[1]).toEqual({
      app_id: null,
      buy_price: 10,
      contract_id: early.contract_id,
      payout: early.payout,
      purchase_time: START,
      sell_price: sold.sold_for,
      sell_time: START + 4,
      transaction_id: early.transaction_id,
    });
    const described = (await raw.answered({ profit_table: 1, description: 1, sort: 'ASC' })).profit_table.transactions;
    expect(described[0]).toEqual({
      app_id: null,
      buy_price: 10,
      contract_id: early.contract_id,
      contract_type: 'CALL',
      duration_type: 'intraday',
      longcode: early.longcode,
      payout: early.payout,
      purchase_time: START,
      sell_price: sold.sold_for,
      sell_time: START + 4,
      shortcode: early.shortcode,
      transaction_id: early.transaction_id,
      underlying_symbol: 'R_100',
    });
    expect(described[1]).toMatchObject({ contract_type: 'DIGITEVEN', duration_type: 'ticks' });
  });

  it('filters by contract_type and by epoch or YYYY-MM-DD dates; limit at most 500', async () => {
    const { clock, raw, tick, early } = await history();
    clock.jump(10_000);
    const ids = async (request: Record<string, unknown>) =>
      (await raw.answered({ profit_table: 1, ...request })).profit_table.transactions.map(
        (row: { contract_id: number }) => row.contract_id,
      );
    expect(await ids({ contract_type: ['DIGITEVEN'] })).toEqual([tick.contract_id]);
    expect(await ids({ contract_type: ['PUT'] })).toEqual([]);
    expect(await ids({ date_to: START + 4 })).toEqual([early.contract_id]);
    const today = new Date((START + 4) * 1000).toISOString().slice(0, 10);
    expect((await ids({ date_from: today, date_to: today })).length).toBeGreaterThanOrEqual(1);
    expect(await ids({ date_from: '2000-01-01', date_to: '2000-01-01' })).toEqual([]);
    expect(await ids({ limit: 1, offset: 1 })).toEqual([early.contract_id]);
    for (const [field, value] of [
      ['limit', 501],
      ['sort', 'UP'],
      ['date_from', '2024/01/01'],
      ['contract_type', ['NOPE']],
    ] as const) {
      expect((await raw.request({ profit_table: 1, [field]: value })).error, String(field)).toMatchObject({
        code: 'InputValidationFailed',
      });
    }
  });
});

describe('portfolio', () => {
  it('lists open contracts with the real fields, filters by contract_type, and settles expired ones first', async () => {
    const { clock, raw } = await sandbox();
    const day = await buyNow(raw, { ...CALL_5M, duration: 1, duration_unit: 'd' });
    const tick = await buyNow(raw, { ...CALL_1T, contract_type: 'PUT' });
    const reply = await raw.request({ portfolio: 1, req_id: 2 });
    expect(reply).toEqual({
      echo_req: { portfolio: 1, req_id: 2 },
      msg_type: 'portfolio',
      req_id: 2,
      portfolio: {
        contracts: [
          {
            app_id: null,
            buy_price: 10,
            contract_id: day.contract_id,
            contract_type: 'CALL',
            currency: 'USD',
            date_start: START,
            expiry_time: expect.any(Number),
            longcode: day.longcode,
            payout: day.payout,
            purchase_time: START,
            shortcode: day.shortcode,
            symbol: 'R_100',
            transaction_id: day.transaction_id,
          },
          expect.objectContaining({ contract_id: tick.contract_id, contract_type: 'PUT' }),
        ],
      },
    });
    expect(reply.portfolio.contracts[0].expiry_time % 86_400).toBe(86_399);
    expect(
      (await raw.answered({ portfolio: 1, contract_type: ['PUT'] })).portfolio.contracts.map(
        (row: { contract_id: number }) => row.contract_id,
      ),
    ).toEqual([tick.contract_id]);
    clock.jump(10_000);
    expect(
      (await raw.answered({ portfolio: 1 })).portfolio.contracts.map((row: { contract_id: number }) => row.contract_id),
    ).toEqual([day.contract_id]);
  });
});
