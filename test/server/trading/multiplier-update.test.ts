import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { LimitOrderUpdate } from '../../../src/server/trading/limit-orders.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RawSocket } from '../../support/raw-socket.js';
import { connectAs, OTHER, TRADER, viewOf } from './sandbox.js';
import { extremes, M_START, modelClose, MULTUP_R_100, multiplier, multiplierSandbox, pathOf } from './multipliers.js';

const HOUR = 3_600;
const cents = (amount: number) => Math.round(amount * 100) / 100;
const settled = () => new Promise((resolve) => setImmediate(resolve));
let reqId = 700_000;

async function buy(raw: RawSocket, parameters: Record<string, unknown>) {
  const reply = await raw.requestById({ buy: '1', price: 10_000, parameters, req_id: ++reqId });
  expect(reply.error, 'error reply to buy').toBeUndefined();
  return reply.buy;
}

/** Takes the clock to `epoch` (a jump, then its last seconds as a clock goes) and lets the settler work. */
async function runTo(clock: ManualClock, epoch: number) {
  if (clock.now() < (epoch - 2) * 1000) clock.jump((epoch - 2) * 1000 + 100 - clock.now());
  for (const second of [epoch - 1, epoch]) {
    clock.advanceTo(second);
    await settled();
  }
}

/**
 * A contract bought at M_START with a take profit the model closes it by at `first`, and a
 * higher take profit that, set at `updatedAt` (before `first`), closes it later, at `later`.
 */
function raisedTakeProfit() {
  const updatedAt = M_START + 3;
  for (const contract_type of ['MULTUP', 'MULTDOWN']) {
    const params = { ...MULTUP_R_100, contract_type };
    const path = pathOf('R_100');
    const { best } = extremes(path, multiplier(params), 2 * HOUR);
    const initial = Math.max(0.1, Math.floor((best.pnl / 3) * 100) / 100);
    const raised = Math.floor(best.pnl * 0.9 * 100) / 100;
    const bought = multiplier({ ...params, limit_order: { take_profit: initial } });
    const first = modelClose(path, bought, [], M_START + 2 * HOUR);
    const updates: LimitOrderUpdate[] = [{ epoch: updatedAt, takeProfit: raised }];
    const later = modelClose(path, bought, updates, M_START + 2 * HOUR);
    if (first?.reason !== 'take_profit' || later?.reason !== 'take_profit') continue;
    if (first.epoch <= updatedAt + 2 || later.epoch <= first.epoch) continue;
    return { params: { ...params, limit_order: { take_profit: initial } }, initial, raised, updatedAt, first, later };
  }
  throw new Error('no contract to raise the take profit of');
}

describe('contract_update: limit orders changed on an open multiplier, and settlement by them', () => {
  it('a raised take profit is in force from the next tick: the contract closes at the new level, not the old', async () => {
    const { params, initial, raised, updatedAt, first, later } = raisedTakeProfit();
    const { clock, raw } = await multiplierSandbox();
    const bought = await buy(raw, params);
    clock.advanceTo(updatedAt);
    const reply = await raw.request({
      contract_update: 1,
      contract_id: bought.contract_id,
      limit_order: { take_profit: raised },
      req_id: 3,
    });
    const entry = pathOf('R_100').quoteAt(M_START);
    const direction = params.contract_type === 'MULTUP' ? 1 : -1;
    const level = (amount: number) => (entry * (1 + direction * (amount / 1_000 + 5.0366e-4))).toFixed(2);
    expect(reply).toEqual({
      echo_req: {
        contract_update: 1,
        contract_id: bought.contract_id,
        limit_order: { take_profit: raised },
        req_id: 3,
      },
      msg_type: 'contract_update',
      req_id: 3,
      contract_update: {
        stop_loss: { display_name: 'Stop loss', order_amount: null, order_date: M_START, value: null },
        take_profit: {
          display_name: 'Take profit',
          display_order_amount: raised.toFixed(2),
          order_amount: raised,
          order_date: updatedAt,
          value: level(raised),
        },
      },
    });
    expect((await viewOf(raw, bought.contract_id)).limit_order.take_profit).toMatchObject({
      order_amount: raised,
      order_date: updatedAt,
    });
    // Where the old take profit would have closed it, it stays open.
    await runTo(clock, first.epoch + 2);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({ is_sold: 0, status: 'open' });
    await runTo(clock, later.epoch);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      is_sold: 1,
      status: 'won',
      sell_time: later.epoch,
      sell_price: cents(later.sellPrice),
    });
    const history = (await raw.answered({ contract_update_history: 1, contract_id: bought.contract_id }))
      .contract_update_history;
    expect(history).toEqual([
      {
        display_name: 'Take profit',
        order_amount: raised.toFixed(2),
        order_date: updatedAt,
        order_type: 'take_profit',
        value: level(raised),
      },
      {
        display_name: 'Take profit',
        order_amount: initial.toFixed(2),
        order_date: M_START,
        order_type: 'take_profit',
        value: level(initial),
      },
    ]);
    // Sold: no more updates.
    expect(
      (await raw.request({ contract_update: 1, contract_id: bought.contract_id, limit_order: { take_profit: 50 } }))
        .error,
    ).toEqual({ code: 'NoOpenPosition', message: 'This contract was not found among your open positions.' });
  });

  it('null removes an order: the stop loss that would have closed the contract does not', async () => {
    const params = { ...MULTUP_R_100, contract_type: 'MULTUP' };
    const path = pathOf('R_100');
    const candidates = ['MULTUP', 'MULTDOWN'].map((contract_type) => {
      const { worst } = extremes(path, multiplier({ ...params, contract_type }), HOUR);
      const stopLoss = Math.min(9, Math.max(0.6, Math.floor((-worst.pnl / 2) * 100) / 100));
      return { ...params, contract_type, limit_order: { stop_loss: stopLoss } };
    });
    const chosen = candidates.find((candidate) => {
      const close = modelClose(path, multiplier(candidate), [], M_START + HOUR);
      return close?.reason === 'stop_loss' && close.epoch > M_START + 6;
    })!;
    const close = modelClose(path, multiplier(chosen), [], M_START + HOUR)!;
    const { clock, raw } = await multiplierSandbox();
    const bought = await buy(raw, chosen);
    clock.advanceTo(M_START + 2);
    const reply = await raw.answered({
      contract_update: 1,
      contract_id: bought.contract_id,
      limit_order: { stop_loss: null },
    });
    expect(reply.contract_update.stop_loss).toEqual({
      display_name: 'Stop loss',
      order_amount: null,
      order_date: M_START + 2,
      value: null,
    });
    await runTo(clock, close.epoch + 2);
    const view = await viewOf(raw, bought.contract_id);
    expect(view.limit_order).not.toHaveProperty('stop_loss');
    // Open, unless the stop out came in the meantime (the model with the update says which).
    const without = modelClose(path, multiplier(chosen), [{ epoch: M_START + 2, stopLoss: null }], close.epoch + 2);
    expect(view.is_sold).toBe(without ? 1 : 0);
    const history = (await raw.answered({ contract_update_history: 1, contract_id: bought.contract_id, limit: 1 }))
      .contract_update_history;
    expect(history).toEqual([
      { display_name: 'Stop loss', order_date: M_START + 2, order_type: 'stop_loss', value: null },
    ]);
  });

  it('refusals: not a multiplier, deal cancellation active, bad amounts, another account, an empty change', async () => {
    const { clock, raw, server } = await multiplierSandbox();
    const safe = { ...MULTUP_R_100, multiplier: 10 };
    const plain = await buy(raw, safe);
    const windowed = await buy(raw, { ...safe, cancellation: '5m' });
    const binary = await buy(raw, {
      ...safe,
      contract_type: 'CALL',
      multiplier: undefined,
      duration: 5,
      duration_unit: 'm',
    });
    clock.advanceTo(M_START + 2);
    const update = async (contractId: number, limit_order: unknown, socket = raw) =>
      (await socket.request({ contract_update: 1, contract_id: contractId, limit_order })).error;
    expect(await update(binary.contract_id, { take_profit: 5 })).toEqual({
      code: 'InvalidContractUpdate',
      message: 'Only multipliers and accumulators have limit orders to update.',
    });
    expect(await update(windowed.contract_id, { take_profit: 5 })).toEqual({
      code: 'InvalidContractUpdate',
      message: 'Take profit and stop loss cannot be updated while deal cancellation is active.',
    });
    expect(await update(plain.contract_id, { take_profit: 0.05 })).toEqual({
      code: 'InvalidContractUpdate',
      message: "Please enter a take profit amount that's higher than 0.10.",
      details: { field: 'take_profit' },
    });
    expect((await update(plain.contract_id, { stop_loss: 10.5 })).message).toBe(
      'Invalid stop loss. Stop loss cannot be more than stake.',
    );
    expect((await update(plain.contract_id, { stop_loss: 1.234 })).message).toBe(
      'Stop loss can not have more than 2 decimal places.',
    );
    expect((await update(plain.contract_id, {})).code).toBe('InputValidationFailed');
    expect((await update(plain.contract_id, { trailing: 1 })).code).toBe('InputValidationFailed');
    const other = await connectAs(server.url, OTHER);
    expect((await update(plain.contract_id, { take_profit: 5 }, other)).code).toBe('NoOpenPosition');
    expect((await other.request({ contract_update_history: 1, contract_id: plain.contract_id })).error).toEqual({
      code: 'ContractValidationError',
      message: 'Cannot validate contract.',
    });
    expect(
      (await raw.answered({ contract_update_history: 1, contract_id: binary.contract_id })).contract_update_history,
    ).toEqual([]);
    // The window over, the update goes through.
    clock.advanceTo(M_START + 300);
    expect(await update(windowed.contract_id, { take_profit: 5 })).toBeUndefined();
  });

  it('after a restart, a contract updated before it settles at the tick the updated orders give, once', async () => {
    const { params, raised, updatedAt, later } = raisedTakeProfit();
    const directory = mkdtempSync(join(tmpdir(), 'deriv-ws-mult-'));
    onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
    const db = join(directory, 'trading.sqlite');
    const first = await multiplierSandbox({ db });
    const bought = await buy(first.raw, params);
    first.clock.advanceTo(updatedAt);
    await first.raw.answered({
      contract_update: 1,
      contract_id: bought.contract_id,
      limit_order: { take_profit: raised },
    });
    await first.server.close();

    // Down until long after the close: the next start finds it open, and settles it at its own tick.
    const clock = new ManualClock((later.epoch + 600) * 1000 + 100);
    const second = await multiplierSandbox({ db, clock });
    const raw = await RawSocket.open(second.server.url);
    await raw.answered({ authorize: TRADER });
    await raw.answered({ portfolio: 1 });
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      is_sold: 1,
      sell_time: later.epoch,
      sell_price: cents(later.sellPrice),
    });
    const sells = (await raw.answered({ statement: 1, action_type: 'sell' })).statement.transactions;
    expect(sells).toHaveLength(1);
  });
});
