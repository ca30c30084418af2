import { describe, expect, it } from 'vitest';
import { until } from '../../support/until.js';
import { viewOf } from './sandbox.js';
import { M_START, multiplierSandbox, pathOf } from './multipliers.js';

const R_100_COMMISSION = 5.0366e-4;
const MULTUP = {
  contract_type: 'MULTUP',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  multiplier: 10,
};
const pip = (price: number) => Number(price.toFixed(2));

describe('multipliers offered: contracts_for, proposal, buy and the open-contract view', () => {
  it('contracts_for lists MULTUP and MULTDOWN with the symbol’s multipliers and the cancellation windows', async () => {
    const { raw } = await multiplierSandbox();
    const rows = (await raw.answered({ contracts_for: '1HZ10V' })).contracts_for.available;
    const multipliers = rows.filter((row: { contract_category: string }) => row.contract_category === 'multiplier');
    expect(multipliers.map((row: { contract_type: string }) => row.contract_type)).toEqual(['MULTUP', 'MULTDOWN']);
    expect(multipliers[0]).toMatchObject({
      multiplier_range: [100, 200, 300, 500, 1000],
      cancellation_range: ['5m', '10m', '15m', '30m', '60m'],
      expiry_type: 'no_expiry',
    });
  });

  it('a proposal: ask = stake (+ the cancellation fee), the commission, the stop out at S0 × (1 − 1/m + c), no payout', async () => {
    const { raw } = await multiplierSandbox();
    const reply = await raw.answered({ proposal: 1, ...MULTUP, limit_order: { take_profit: 5 }, cancellation: '60m' });
    const spot = pathOf('R_100').quoteAt(M_START);
    expect(reply.proposal).toEqual({
      ask_price: 10.45,
      cancellation: { ask_price: 0.45, date_expiry: M_START + 3_600 },
      commission: 0.05,
      date_start: M_START,
      display_value: '10.45',
      id: expect.any(String),
      limit_order: {
        stop_out: {
          display_name: 'Stop out',
          display_order_amount: '-10.00',
          order_amount: -10,
          order_date: M_START,
          value: pip(spot * (1 - 1 / 10 + R_100_COMMISSION)).toFixed(2),
        },
        take_profit: {
          display_name: 'Take profit',
          display_order_amount: '5.00',
          order_amount: 5,
          order_date: M_START,
          value: pip(spot * (1 + 5 / 100 + R_100_COMMISSION)).toFixed(2),
        },
      },
      longcode:
        'If you select "Up", your total profit/loss will be the percentage increase in Volatility 100 Index, multiplied by 100, minus commissions.',
      multiplier: 10,
      payout: 0,
      spot,
      spot_time: M_START,
    });
    // The id comes after display_value, where the real server's keys put it.
    expect(Object.keys(reply.proposal).indexOf('id')).toBe(Object.keys(reply.proposal).indexOf('display_value') + 1);
    const down = await raw.answered({
      proposal: 1,
      ...MULTUP,
      contract_type: 'MULTDOWN',
      limit_order: { stop_loss: 4 },
    });
    expect(down.proposal).toMatchObject({ ask_price: 10, display_value: '10.00' });
    expect(down.proposal).not.toHaveProperty('cancellation');
    expect(down.proposal.limit_order).toMatchObject({
      stop_out: { value: pip(spot * (1 + 1 / 10 - R_100_COMMISSION)).toFixed(2) },
      stop_loss: { order_amount: -4, value: pip(spot * (1 + 4 / 100 - R_100_COMMISSION)).toFixed(2) },
    });
  });

  it('refusals come as the proposal’s error, with the real codes', async () => {
    const { raw } = await multiplierSandbox();
    const error = async (extra: Record<string, unknown>) =>
      (await raw.request({ proposal: 1, ...MULTUP, ...extra })).error;
    expect(await error({ basis: 'payout' })).toEqual({
      code: 'ContractCreationFailure',
      message: 'Basis must be stake for this contract.',
      details: { field: 'basis' },
    });
    expect(await error({ multiplier: 25 })).toEqual({
      code: 'ContractBuyValidationError',
      message: 'Multiplier is not in acceptable range. Accepts 10,20,30,50,100.',
      details: { field: 'multiplier' },
    });
    expect((await error({ duration: 5, duration_unit: 'm' })).message).toBe(
      'Duration or expiry is not allowed for this contract type.',
    );
    expect((await error({ amount: 2_500 })).message).toBe(
      'Minimum stake of 1.00 and maximum stake of 2000.00. Current stake is 2500.00.',
    );
    expect((await error({ limit_order: { trailing_stop: 5 } })).code).toBe('InputValidationFailed');
  });

  it('a buy pays the ask; the open-contract view has the entry at the purchase tick, the orders, the value as bid', async () => {
    const { clock, raw } = await multiplierSandbox();
    const proposal = (await raw.answered({ proposal: 1, ...MULTUP, cancellation: '15m' })).proposal;
    expect(proposal.ask_price).toBe(10.22);
    // With a cancellation the price is more than the stake: a maximum of the stake is too little.
    const short = await raw.request({ buy: proposal.id, price: 10 });
    expect(short.error).toMatchObject({
      code: 'ContractCreationFailure',
      message: "Contract's stake amount is more than the maximum purchase price.",
    });
    const again = (await raw.answered({ proposal: 1, ...MULTUP, cancellation: '15m' })).proposal;
    const bought = (await raw.answered({ buy: again.id, price: 10.22 })).buy;
    expect(bought).toMatchObject({
      buy_price: 10.22,
      payout: 0,
      balance_after: 9_989.78,
      shortcode: `MULTUP_R_100_10.00_10_${M_START}_0`,
      longcode: proposal.longcode,
    });
    clock.advanceTo(M_START + 4);
    const path = pathOf('R_100');
    const entry = path.quoteAt(M_START);
    const spot = path.quoteAt(M_START + 4);
    const value = Math.round((10 + 100 * ((spot - entry) / entry - R_100_COMMISSION)) * 100) / 100;
    const view = await viewOf(raw, bought.contract_id);
    expect(view).toMatchObject({
      contract_type: 'MULTUP',
      buy_price: 10.22,
      bid_price: value,
      profit: Math.round((value - 10.22) * 100) / 100,
      payout: 0,
      commission: 0.05,
      multiplier: 10,
      cancellation: { ask_price: 0.22, date_expiry: M_START + 900 },
      entry_tick_time: M_START,
      entry_spot: entry,
      current_spot: spot,
      current_spot_time: M_START + 4,
      is_valid_to_sell: 1,
      is_valid_to_cancel: 1,
      is_valid_to_update: { stop_loss: 0, take_profit: 0 },
      is_sold: 0,
      is_expired: 0,
      status: 'open',
      limit_order: { stop_out: { order_amount: -10, value: pip(entry * (0.9 + R_100_COMMISSION)).toFixed(2) } },
    });
    expect(view).not.toHaveProperty('date_expiry');
    // Past the cancellation window: no cancel, and the limit orders may be updated.
    clock.advanceTo(M_START + 900);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      is_valid_to_cancel: 0,
      is_valid_to_update: { stop_loss: 1, take_profit: 1 },
    });
  });

  it('portfolio, profit_table and the transaction stream say what a multiplier is, and give it no expiry', async () => {
    const { clock, raw } = await multiplierSandbox();
    await raw.answered({ transaction: 1, subscribe: 1 });
    // By req_id: the account's stream messages may come before a reply.
    const bought = (
      await raw.requestById({ buy: '1', price: 20, parameters: { ...MULTUP, cancellation: '30m' }, req_id: 1 })
    ).buy;
    const row = (await raw.requestById({ portfolio: 1, req_id: 2 })).portfolio.contracts[0];
    expect(row).toMatchObject({
      contract_id: bought.contract_id,
      contract_type: 'MULTUP',
      payout: 0,
      date_start: M_START,
    });
    expect(row).not.toHaveProperty('expiry_time');
    clock.advanceTo(M_START + 2);
    await raw.requestById({ sell: bought.contract_id, price: 0, req_id: 3 });
    const sold = (await raw.requestById({ profit_table: 1, description: 1, req_id: 4 })).profit_table.transactions[0];
    expect(sold).toMatchObject({
      contract_id: bought.contract_id,
      contract_type: 'MULTUP',
      duration_type: 'no_expiry',
      multiplier: '10',
      deal_cancellation_duration: '30m',
      buy_price: bought.buy_price,
    });
    const streamed = raw.messages.filter((message) => message.msg_type === 'transaction' && message.transaction.action);
    expect(streamed.map((message) => message.transaction.action)).toEqual(['buy', 'sell']);
    for (const message of streamed) {
      expect(message.transaction).toMatchObject({ contract_id: bought.contract_id, symbol: 'R_100' });
      expect(message.transaction).not.toHaveProperty('date_expiry');
    }
  });

  it('a streamed proposal moves its limit orders’ spot levels with the spot, tick by tick', async () => {
    const { clock, raw } = await multiplierSandbox();
    const first = await raw.answered({ proposal: 1, subscribe: 1, ...MULTUP, limit_order: { take_profit: 3 } });
    const id = first.subscription.id;
    clock.advanceTo(M_START + 2);
    const streamed = () =>
      raw.messages.filter((message) => message.proposal?.id === id && message.proposal.spot_time > M_START);
    await until(() => streamed().length > 0);
    const next = streamed()[0]!;
    const spot = pathOf('R_100').quoteAt(M_START + 2);
    expect(next.proposal).toMatchObject({
      ask_price: 10,
      spot,
      spot_time: M_START + 2,
      date_start: M_START + 2,
      limit_order: { take_profit: { value: pip(spot * (1 + 0.03 + R_100_COMMISSION)).toFixed(2) } },
    });
    // Bought by its id: the stream's price, and the stream ends.
    const bought = (await raw.answered({ buy: id, price: 10 })).buy;
    expect(bought.buy_price).toBe(10);
  });
});
