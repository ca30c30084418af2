import { describe, expect, it } from 'vitest';
import { RawSocket } from '../../support/raw-socket.js';
import { until } from '../../support/until.js';
import { buyNow, CALL_1T, CALL_5M, OTHER, sandbox, START, TRADER, viewOf } from './sandbox.js';

describe('sell', () => {
  it('sells an open contract at its bid now: the reply, the ledger row and the sold view agree', async () => {
    const { clock, raw } = await sandbox();
    const bought = await buyNow(raw, CALL_5M);
    clock.advanceTo(START + 4);
    const before = await viewOf(raw, bought.contract_id);
    expect(before).toMatchObject({ is_valid_to_sell: 1, is_sold: 0, status: 'open' });
    const reply = await raw.request({ sell: bought.contract_id, price: 0, req_id: 3 });
    expect(reply).toEqual({
      echo_req: { sell: bought.contract_id, price: 0, req_id: 3 },
      msg_type: 'sell',
      req_id: 3,
      sell: {
        balance_after: Math.round((9_990 + before.bid_price) * 100) / 100,
        contract_id: bought.contract_id,
        reference_id: bought.transaction_id,
        sold_for: before.bid_price,
        transaction_id: expect.any(Number),
      },
    });
    expect(reply.sell.transaction_id).toBeGreaterThan(bought.transaction_id);
    const after = await viewOf(raw, bought.contract_id);
    expect(after).toMatchObject({
      is_sold: 1,
      is_expired: 0,
      status: 'sold',
      sell_price: before.bid_price,
      sell_time: START + 4,
      bid_price: before.bid_price,
      transaction_ids: { buy: bought.transaction_id, sell: reply.sell.transaction_id },
      validation_error: 'This contract has been sold.',
    });
    expect(after.profit).toBe(Math.round((before.bid_price - 10) * 100) / 100);
    expect((await raw.answered({ balance: 1 })).balance.balance).toBe(reply.sell.balance_after);
  });

  it('a sold, unknown or foreign contract is InvalidSellContractProposal', async () => {
    const { clock, server, raw } = await sandbox();
    const bought = await buyNow(raw, CALL_5M);
    clock.advanceTo(START + 4);
    const other = await RawSocket.open(server.url);
    await other.answered({ authorize: OTHER });
    const refused = { code: 'InvalidSellContractProposal', message: 'Unknown contract sell proposal' };
    expect(await other.request({ sell: bought.contract_id, price: 0 })).toEqual({
      echo_req: { sell: bought.contract_id, price: 0 },
      error: refused,
      msg_type: 'sell',
    });
    expect((await raw.request({ sell: 987_654, price: 0 })).error).toEqual(refused);
    expect((await raw.request({ sell: 2 ** 60, price: 0 })).error).toEqual(refused);
    await raw.answered({ sell: bought.contract_id, price: 0 });
    expect((await raw.request({ sell: bought.contract_id, price: 0 })).error).toEqual(refused);
  });

  it('not in the purchase second, not before the entry tick (InvalidtoSell), and tick contracts not early', async () => {
    const { clock, raw } = await sandbox();
    const bought = await buyNow(raw, CALL_5M);
    expect(await raw.request({ sell: bought.contract_id, price: 0 })).toEqual({
      echo_req: { sell: bought.contract_id, price: 0 },
      error: { code: 'InvalidtoSell', message: 'Contract cannot be sold at this time. Please try again.' },
      msg_type: 'sell',
    });
    clock.advance(1_000);
    expect((await raw.request({ sell: bought.contract_id, price: 0 })).error).toEqual({
      code: 'InvalidtoSell',
      message: 'Waiting for entry tick.',
    });
    const ticks = await buyNow(raw, { ...CALL_1T, duration: 5 });
    clock.advanceTo(START + 4);
    expect((await raw.request({ sell: ticks.contract_id, price: 0 })).error).toEqual({
      code: 'InvalidtoSell',
      message: 'Resale of this contract is not offered.',
    });
    const digit = await buyNow(raw, { ...CALL_1T, contract_type: 'DIGITEVEN', duration: 5 });
    clock.advanceTo(START + 6);
    expect((await raw.request({ sell: digit.contract_id, price: 0 })).error).toEqual({
      code: 'InvalidtoSell',
      message: 'Resale of this contract is not offered.',
    });
  });

  it('only while the opposite contract could be bought to the same expiry, and not between expiry and the final exit tick', async () => {
    const { clock, raw } = await sandbox();
    const bought = await buyNow(raw, { ...CALL_5M, duration: 1, duration_unit: 'm' });
    expect(bought.start_time).toBe(START);
    // Rise/fall runs from 15 s: with 16 s left the opposite is offered, with 14 s it is not.
    clock.advanceTo(START + 44);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({ is_valid_to_sell: 1 });
    clock.advanceTo(START + 46);
    const tooLate = { code: 'InvalidtoSell', message: 'Trading is not offered for this duration.' };
    expect((await raw.request({ sell: bought.contract_id, price: 0 })).error).toEqual(tooLate);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      is_valid_to_sell: 0,
      validation_error: tooLate.message,
    });
    // At expiry the exit tick is the one at START + 60, final only once the next one (START + 62) exists.
    clock.advanceTo(START + 60);
    const wait =
      'Please wait for contract settlement. The final settlement price may differ from the indicative price.';
    expect((await raw.request({ sell: bought.contract_id, price: 0 })).error).toEqual({
      code: 'InvalidtoSell',
      message: wait,
    });
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      is_expired: 1,
      is_settleable: 0,
      is_sold: 0,
      validation_error: wait,
    });
    clock.advanceTo(START + 62);
    await until(async () => (await viewOf(raw, bought.contract_id)).is_sold === 1);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({ exit_tick_time: START + 60 });
  });

  it('buy "1" with app_markup_percentage pays that share of the payout more, and the sale back is the same', async () => {
    const { clock, raw } = await sandbox();
    const parameters = { ...CALL_5M, basis: 'payout', amount: 100 };
    const ask = (await raw.answered({ proposal: 1, ...parameters })).proposal.ask_price as number;
    const plain = await buyNow(raw, { ...parameters, amount: 100 });
    const withApp = (
      await raw.answered({ buy: '1', price: 100, parameters: { ...parameters, app_markup_percentage: 2.5 } })
    ).buy;
    expect(plain.buy_price).toBe(ask);
    expect(withApp.buy_price).toBe(Math.round((ask + 2.5) * 100) / 100);
    expect(withApp.payout).toBe(100);
    clock.advanceTo(START + 4);
    expect((await viewOf(raw, withApp.contract_id)).bid_price).toBe((await viewOf(raw, plain.contract_id)).bid_price);
    expect((await raw.request({ proposal: 1, ...parameters, app_markup_percentage: 1 })).error.code).toBe(
      'InputValidationFailed',
    );
  });

  it('price is a floor: beyond the slippage band PriceMoved, within it the sale goes through at the bid', async () => {
    const { clock, raw } = await sandbox();
    const bought = await buyNow(raw, CALL_5M);
    clock.advanceTo(START + 4);
    const { bid_price: bid, payout } = await viewOf(raw, bought.contract_id);
    // The band: max(0.5 × 0.02, 0.5 × 0.012 × payout).
    const band = Math.max(0.01, 0.006 * payout);
    const tooHigh = Math.round((bid + band + 0.05) * 100) / 100;
    expect(await raw.request({ sell: bought.contract_id, price: tooHigh })).toEqual({
      echo_req: { sell: bought.contract_id, price: tooHigh },
      error: {
        code: 'PriceMoved',
        message: `The underlying market has moved too much since you priced the contract. The contract sell price has changed from ${tooHigh.toFixed(2)} USD to ${bid.toFixed(2)} USD.`,
      },
      msg_type: 'sell',
    });
    const withinBand = Math.floor((bid + band / 2) * 100) / 100;
    expect((await raw.answered({ sell: bought.contract_id, price: withinBand })).sell.sold_for).toBe(bid);
  });

  it('a price with more than 2 decimals is InvalidPrice', async () => {
    const { raw } = await sandbox();
    expect((await raw.request({ sell: 1, price: 1.005 })).error).toEqual({
      code: 'InvalidPrice',
      message: 'Invalid price. Price provided can not have more than 2 decimal places.',
    });
  });

  it('a contract the market has decided sells at its outcome, once, even before the settler wakes', async () => {
    const { clock, raw } = await sandbox();
    const bought = await buyNow(raw, CALL_1T);
    // Past the exit tick, with no timer run: nobody has settled it.
    clock.jump(10_000);
    const decided = await viewOf(raw, bought.contract_id);
    expect(decided).toMatchObject({ is_expired: 1, is_sold: 0, status: 'open' });
    const reply = (await raw.answered({ sell: bought.contract_id, price: 0 })).sell;
    expect(reply.sold_for).toBe(decided.bid_price);
    const sold = await viewOf(raw, bought.contract_id);
    expect(sold).toMatchObject({
      is_sold: 1,
      status: reply.sold_for > 0 ? 'won' : 'lost',
      sell_price: reply.sold_for,
      exit_tick_time: decided.exit_tick_time,
    });
    clock.advance(1_000);
    expect((await raw.request({ sell: bought.contract_id, price: 0 })).error.code).toBe('InvalidSellContractProposal');
  });

  it('two sales of one contract at once: one is sold, the other InvalidSellContractProposal, and one sell row', async () => {
    const { clock, server, raw } = await sandbox();
    const bought = await buyNow(raw, CALL_5M);
    clock.advanceTo(START + 4);
    const second = await RawSocket.open(server.url);
    await second.answered({ authorize: TRADER });
    const replies = await Promise.all([
      raw.request({ sell: bought.contract_id, price: 0 }),
      second.request({ sell: bought.contract_id, price: 0 }),
    ]);
    expect(replies.filter((reply) => reply.sell)).toHaveLength(1);
    expect(replies.filter((reply) => reply.error).map((reply) => reply.error.code)).toEqual([
      'InvalidSellContractProposal',
    ]);
    const sells = (await raw.answered({ statement: 1, action_type: 'sell' })).statement;
    expect(sells.count).toBe(1);
  });

  it('sell_expired settles every decided contract of the account and counts them', async () => {
    const { clock, raw } = await sandbox();
    for (const contract_type of ['CALL', 'PUT', 'DIGITODD']) await buyNow(raw, { ...CALL_1T, contract_type });
    const open = await buyNow(raw, CALL_5M);
    clock.jump(10_000);
    expect(await raw.request({ sell_expired: 1, req_id: 4 })).toEqual({
      echo_req: { sell_expired: 1, req_id: 4 },
      msg_type: 'sell_expired',
      req_id: 4,
      sell_expired: { count: 3 },
    });
    expect((await raw.answered({ sell_expired: 1 })).sell_expired).toEqual({ count: 0 });
    expect((await viewOf(raw, open.contract_id)).is_sold).toBe(0);
  });
});
