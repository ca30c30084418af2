import { describe, expect, it } from 'vitest';
import type { PricePath } from '../../../src/server/market/price-path.js';
import type { MultiplierSpec } from '../../../src/server/trading/multiplier-spec.js';
import { until } from '../../support/until.js';
import { connectAs, OTHER, viewOf } from './sandbox.js';
import {
  extremes,
  M_START,
  modelClose,
  MULTUP_R_100,
  multiplier,
  multiplierSandbox,
  pathOf,
  type ModelClose,
} from './multipliers.js';

const HOUR = 3_600;
const cents = (amount: number) => Math.round(amount * 100) / 100;

/**
 * Of the candidates, the first contract (bought at M_START) the model closes for `reason` within
 * `seconds`: the tests pick their contracts by looking ahead on the seeded market, so each
 * scenario is there to be tested, and the start is fixed, so it is the same one every run.
 */
function firstClosing(
  candidates: readonly Record<string, unknown>[],
  reason: ModelClose['reason'],
  seconds: number,
  cancelled = false,
): { params: Record<string, unknown>; spec: MultiplierSpec; path: PricePath; close: ModelClose } {
  for (const params of candidates) {
    const path = pathOf(params.symbol as string);
    const spec = multiplier(params);
    const close = modelClose(path, spec, [], M_START + seconds);
    if (close?.reason === reason && close.cancelled === cancelled) return { params, spec, path, close };
  }
  throw new Error(`no candidate closes by ${reason} within ${seconds} s`);
}

const BOTH_WAYS = ['MULTUP', 'MULTDOWN'].map((contract_type) => ({ ...MULTUP_R_100, contract_type }));

/** Take profit or stop loss at half the best or worst pnl each way reaches within the hour. */
function withOrder(order: 'take_profit' | 'stop_loss'): Record<string, unknown>[] {
  return BOTH_WAYS.map((params) => {
    const { best, worst } = extremes(pathOf('R_100'), multiplier(params), HOUR);
    const amount = order === 'take_profit' ? best.pnl / 2 : Math.min(9, -worst.pnl / 2);
    return { ...params, limit_order: { [order]: Math.max(0.1, Math.floor(amount * 100) / 100) } };
  });
}

/** Lets the settler's work of the last clock step (its sale, its next timer) happen. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Takes the clock to the close's tick and waits for the settler's sale: a jump to just before it
 * (no timer runs: a server too busy to look), then second by second, as a clock goes. The
 * contract is open just before the tick.
 */
async function closeAt(sandbox: Awaited<ReturnType<typeof multiplierSandbox>>, contractId: number, epoch: number) {
  const { clock, raw } = sandbox;
  clock.jump((epoch - 2) * 1000 + 100 - clock.now());
  for (const second of [epoch - 1, epoch]) {
    if (second === epoch) expect(await viewOf(raw, contractId)).toMatchObject({ is_sold: 0, status: 'open' });
    clock.advanceTo(second);
    await settled();
  }
  await until(async () => (await viewOf(raw, contractId)).is_sold === 1);
  return viewOf(raw, contractId);
}

/** Buys the multiplier at whatever it costs (its stake, and the cancellation fee if any). */
async function buyMultiplier(
  raw: Awaited<ReturnType<typeof multiplierSandbox>>['raw'],
  parameters: Record<string, unknown>,
) {
  const reply = await raw.requestById({ buy: '1', price: 10_000, parameters, req_id: ++reqId });
  expect(reply.error, 'error reply to buy').toBeUndefined();
  return reply.buy;
}
let reqId = 800_000;

describe('multipliers closing by themselves, and cancelled, on a fast clock', () => {
  it('take profit: sold at the first tick whose pnl reaches it, at the value then; one sell row', async () => {
    const { params, close } = firstClosing(withOrder('take_profit'), 'take_profit', HOUR);
    const sandbox = await multiplierSandbox();
    const bought = await buyMultiplier(sandbox.raw, params);
    const view = await closeAt(sandbox, bought.contract_id, close.epoch);
    expect(view).toMatchObject({
      status: 'won',
      is_expired: 1,
      is_valid_to_sell: 0,
      sell_time: close.epoch,
      exit_tick_time: close.epoch,
      exit_tick: close.quote,
      sell_price: cents(close.sellPrice),
      bid_price: cents(close.sellPrice),
      profit: cents(cents(close.sellPrice) - 10),
      date_expiry: close.epoch,
    });
    // The pnl reached the take profit: the profit (the value less the stake) is at least it, to the cent.
    expect(view.profit).toBeGreaterThanOrEqual((params.limit_order as { take_profit: number }).take_profit - 0.005);
    const sells = (await sandbox.raw.answered({ statement: 1, action_type: 'sell' })).statement.transactions;
    expect(sells).toMatchObject([{ amount: cents(close.sellPrice), contract_id: bought.contract_id }]);
  });

  it('stop loss: sold at the first tick whose loss reaches it', async () => {
    const { params, close } = firstClosing(withOrder('stop_loss'), 'stop_loss', HOUR);
    const sandbox = await multiplierSandbox();
    const bought = await buyMultiplier(sandbox.raw, params);
    const view = await closeAt(sandbox, bought.contract_id, close.epoch);
    const stopLoss = (params.limit_order as { stop_loss: number }).stop_loss;
    expect(view).toMatchObject({ status: 'lost', sell_time: close.epoch, sell_price: cents(close.sellPrice) });
    expect(view.profit).toBeLessThanOrEqual(-stopLoss);
  });

  it('stop out: the loss of the whole stake sells it for 0', async () => {
    const { params, close } = firstClosing(BOTH_WAYS, 'stop_out', 6 * HOUR);
    const sandbox = await multiplierSandbox();
    const bought = await buyMultiplier(sandbox.raw, params);
    const view = await closeAt(sandbox, bought.contract_id, close.epoch);
    expect(view).toMatchObject({ status: 'lost', sell_price: 0, bid_price: 0, profit: -10, sell_time: close.epoch });
    expect((await sandbox.raw.answered({ balance: 1 })).balance.balance).toBe(9_990);
  });

  it('cancel inside the window gives the stake back (not the fee); then cancel and sell are refused', async () => {
    const sandbox = await multiplierSandbox();
    const { raw, clock } = sandbox;
    const bought = await buyMultiplier(raw, { ...MULTUP_R_100, cancellation: '10m', amount: 10.23 });
    // The stake and the fee on top.
    expect(bought.buy_price).toBeGreaterThan(10.23);
    const fee = cents(bought.buy_price - 10.23);
    clock.advanceTo(M_START + 60);
    const reply = await raw.request({ cancel: bought.contract_id, req_id: 7 });
    expect(reply).toEqual({
      echo_req: { cancel: bought.contract_id, req_id: 7 },
      msg_type: 'cancel',
      req_id: 7,
      cancel: {
        balance_after: cents(10_000 - bought.buy_price + 10.23),
        contract_id: bought.contract_id,
        reference_id: bought.transaction_id,
        sold_for: 10.23,
        transaction_id: expect.any(Number),
      },
    });
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      status: 'cancelled',
      is_sold: 1,
      is_valid_to_cancel: 0,
      sell_price: 10.23,
      profit: -fee,
      sell_time: M_START + 60,
    });
    expect((await raw.request({ cancel: bought.contract_id })).error).toEqual({
      code: 'NoOpenPosition',
      message: 'This contract was not found among your open positions.',
    });
    expect((await raw.request({ sell: bought.contract_id, price: 0 })).error.code).toBe('InvalidSellContractProposal');
  });

  it('cancel is refused after the window, without a cancellation, on a binary, and on another account’s contract', async () => {
    const sandbox = await multiplierSandbox();
    const { raw, clock, server } = sandbox;
    // A take profit far away: nothing closes the contracts during the test.
    const safe = { ...MULTUP_R_100, multiplier: 10 };
    const windowed = await buyMultiplier(raw, { ...safe, cancellation: '5m' });
    const plain = await buyMultiplier(raw, safe);
    const binary = await buyMultiplier(raw, {
      ...MULTUP_R_100,
      contract_type: 'CALL',
      multiplier: undefined,
      duration: 5,
      duration_unit: 'm',
    });
    clock.advanceTo(M_START + 300);
    const refusal = async (id: number) => (await raw.request({ cancel: id })).error;
    expect(await refusal(windowed.contract_id)).toEqual({
      code: 'InvalidtoCancel',
      message: 'The deal cancellation period has expired.',
    });
    for (const id of [plain.contract_id, binary.contract_id])
      expect(await refusal(id)).toEqual({
        code: 'InvalidtoCancel',
        message: 'Deal cancellation is not available for this contract.',
      });
    const other = await connectAs(server.url, OTHER);
    expect((await other.request({ cancel: plain.contract_id })).error.code).toBe('NoOpenPosition');
    expect((await raw.request({ cancel: 42 })).error.code).toBe('NoOpenPosition');
  });

  it('a stop out inside the cancellation window cancels the contract: the stake back', async () => {
    const candidates = ['R_100', 'R_75', 'R_50', 'R_25', 'R_10', '1HZ100V', '1HZ50V'].flatMap((symbol) =>
      ['MULTUP', 'MULTDOWN'].map((contract_type) => {
        const top = { R_100: 100, R_75: 150, R_50: 200, R_25: 500, R_10: 1_000, '1HZ100V': 100, '1HZ50V': 200 }[
          symbol
        ]!;
        return { ...MULTUP_R_100, symbol, contract_type, multiplier: top, cancellation: '60m' };
      }),
    );
    const { params, close } = firstClosing(candidates, 'stop_out', HOUR, true);
    const sandbox = await multiplierSandbox();
    const bought = await buyMultiplier(sandbox.raw, params);
    const view = await closeAt(sandbox, bought.contract_id, close.epoch);
    expect(view).toMatchObject({ status: 'cancelled', sell_price: 10, sell_time: close.epoch, is_expired: 1 });
    expect(view.profit).toBe(cents(10 - bought.buy_price));
  });

  it('sell at the value now, whatever the price says (a multiplier sells at its bid)', async () => {
    const sandbox = await multiplierSandbox();
    const { raw, clock } = sandbox;
    const bought = await buyMultiplier(raw, { ...MULTUP_R_100, multiplier: 10 });
    expect((await raw.request({ sell: bought.contract_id, price: 0 })).error).toMatchObject({
      code: 'InvalidtoSell',
      message: 'Contract cannot be sold at this time. Please try again.',
    });
    clock.advanceTo(M_START + 6);
    const before = await viewOf(raw, bought.contract_id);
    const sold = (await raw.answered({ sell: bought.contract_id, price: 1_000 })).sell;
    expect(sold.sold_for).toBe(before.bid_price);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      status: 'sold',
      is_expired: 0,
      sell_price: before.bid_price,
    });
  });
});
