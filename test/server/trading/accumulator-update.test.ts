import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulatorAt } from '../../../src/server/trading/accumulator-path.js';
import { onThePath } from '../../../src/server/trading/accumulator-spec.js';
import type { ManualClock } from '../../support/manual-clock.js';
import { until } from '../../support/until.js';
import { ACCU_R_100, accumulator, buyAccumulator, cents, firstStart, modelEnd } from './accumulators.js';
import { M_START, multiplierSandbox, pathOf } from './multipliers.js';
import { viewOf } from './sandbox.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

/** The clock to `epoch` a second at a time, letting the settler work after each. */
async function runTo(clock: ManualClock, epoch: number) {
  while (clock.now() < epoch * 1000) {
    clock.advanceTo(Math.floor(clock.now() / 1000) + 1);
    await settled();
  }
}

describe('contract_update of an accumulator: its take profit', () => {
  it('ends where the model does, for any take profits set and removed along the way', () => {
    const path = pathOf('R_100');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.option(fc.integer({ min: 1, max: 2_000 }), { nil: undefined }),
        fc.array(
          fc.record({
            after: fc.integer({ min: 0, max: 40 }),
            takeProfit: fc.option(fc.integer({ min: 1, max: 2_000 }).map((c) => c / 100)),
          }),
          { maxLength: 4 },
        ),
        (offset, purchaseCents, changes) => {
          const start = M_START + offset * 2;
          const spec = accumulator(
            purchaseCents === undefined ? {} : { limit_order: { take_profit: purchaseCents / 100 } },
            start,
          );
          let second = start;
          const updates = changes.map(({ after, takeProfit }) => ({ second: (second += after), takeProfit }));
          const { end } = modelEnd(path, spec, updates);
          const stored = updates.map(({ second, takeProfit }) => ({ epoch: second, takeProfit }));
          const state = accumulatorAt(path, onThePath(spec, stored), end.epoch + 10);
          expect([state?.end, state?.current.epoch, state?.value]).toEqual([end.reason, end.epoch, end.sellPrice]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sets a take profit on an open accumulator: shown at once, in force from the next tick, sold there at its value; listed in the history', async () => {
    // A contract that stays inside its barriers for at least 8 ticks when it has no take profit.
    const { start, entryEpoch } = firstStart(ACCU_R_100, (e) => e.ticks >= 8);
    const { raw, clock } = await multiplierSandbox();
    clock.advanceTo(start);
    const bought = await buyAccumulator(raw, {});
    const second = entryEpoch + 3 * 2;
    await runTo(clock, second);
    // 10 × (1.05⁴ − 1) = 2.155 on the fifth tick: a take profit of 2.15 is reached there, not before.
    const update = await raw.answered({
      contract_update: 1,
      contract_id: bought.contract_id,
      limit_order: { take_profit: 2.15 },
    });
    const takeProfit = {
      display_name: 'Take profit',
      display_order_amount: '2.15',
      order_amount: 2.15,
      order_date: second,
      value: null,
    };
    expect(update.contract_update).toEqual({ take_profit: takeProfit });
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      limit_order: { take_profit: takeProfit },
      tick_count: 5,
      date_expiry: entryEpoch + 5 * 2,
      is_valid_to_update: { take_profit: 1 },
      status: 'open',
    });
    const history = await raw.answered({ contract_update_history: 1, contract_id: bought.contract_id });
    expect(history.contract_update_history).toEqual([
      { display_name: 'Take profit', order_amount: '2.15', order_date: second, order_type: 'take_profit', value: null },
    ]);
    await runTo(clock, entryEpoch + 5 * 2);
    await until(async () => (await viewOf(raw, bought.contract_id)).is_sold === 1);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      status: 'won',
      sell_price: cents(10 * 1.05 ** 4),
      exit_tick_time: entryEpoch + 5 * 2,
      is_valid_to_update: { take_profit: 0 },
    });
  });

  it('removes a take profit with null: the contract runs past it', async () => {
    // With a take profit of 1 it closes on its third tick; without one it runs at least 6.
    const { start, entryEpoch } = firstStart(ACCU_R_100, (e) => e.ticks >= 6);
    const { raw, clock } = await multiplierSandbox();
    clock.advanceTo(start);
    const bought = await buyAccumulator(raw, { limit_order: { take_profit: 1 } });
    await runTo(clock, entryEpoch + 2);
    const update = await raw.answered({
      contract_update: 1,
      contract_id: bought.contract_id,
      limit_order: { take_profit: null },
    });
    expect(update.contract_update).toEqual({
      take_profit: { display_name: 'Take profit', order_amount: null, order_date: entryEpoch + 2, value: null },
    });
    await runTo(clock, entryEpoch + 5 * 2);
    const view = await viewOf(raw, bought.contract_id);
    expect(view).toMatchObject({ status: 'open', is_sold: 0, tick_passed: 5 });
    expect(view.limit_order).toBeUndefined();
  });

  it('refuses a stop loss, a take profit out of range, and a contract that has ended, with the purchase texts', async () => {
    const { start, entryEpoch, end } = firstStart(ACCU_R_100, (e) => e.reason === 'knocked-out' && e.ticks >= 3);
    const { raw, clock } = await multiplierSandbox();
    clock.advanceTo(start);
    const bought = await buyAccumulator(raw, {});
    await runTo(clock, entryEpoch + 2);
    const refusal = async (limit_order: Record<string, unknown>) =>
      (await raw.request({ contract_update: 1, contract_id: bought.contract_id, limit_order })).error;
    expect(await refusal({ stop_loss: 1 })).toEqual({
      code: 'InvalidContractUpdate',
      message: 'stop_loss is not a valid input for contract type ACCU.',
      details: { field: 'stop_loss' },
    });
    expect(await refusal({ take_profit: 0 })).toMatchObject({ code: 'InvalidContractUpdate' });
    expect(await refusal({ take_profit: 1.234 })).toMatchObject({ code: 'InvalidContractUpdate' });
    expect(await refusal({ take_profit: 1e9 })).toMatchObject({
      code: 'InvalidContractUpdate',
      message: expect.stringContaining("Please enter a take profit amount that's lower than"),
    });
    await runTo(clock, end.epoch);
    expect(await refusal({ take_profit: 5 })).toMatchObject({ code: 'NoOpenPosition' });
    await until(async () => (await viewOf(raw, bought.contract_id)).is_sold === 1);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({ status: 'lost', sell_price: 0 });
  });
});
