import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../../support/manual-clock.js';
import type { RawSocket } from '../../support/raw-socket.js';
import { until } from '../../support/until.js';
import { ACCU_R_100, buyAccumulator, cents, firstStart } from './accumulators.js';
import { M_START, multiplierSandbox, pathOf } from './multipliers.js';
import { viewOf } from './sandbox.js';

/** Lets the settler's work of the last clock step (its sale, its next timer) happen. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** The clock to `epoch`: a jump to just before it (no timer runs: a server too busy to look), then its last seconds as a clock goes. */
async function runTo(clock: ManualClock, epoch: number) {
  if (clock.now() < (epoch - 2) * 1000) clock.jump((epoch - 2) * 1000 + 100 - clock.now());
  for (const second of [epoch - 1, epoch]) {
    clock.advanceTo(second);
    await settled();
  }
}

/** Takes the clock to the end's tick and waits for the settler's sale; the contract is open on the tick before. */
async function endAt(clock: ManualClock, raw: RawSocket, contractId: number, epoch: number) {
  await runTo(clock, epoch - 2);
  expect(await viewOf(raw, contractId)).toMatchObject({ is_sold: 0, status: 'open' });
  await runTo(clock, epoch);
  await until(async () => (await viewOf(raw, contractId)).is_sold === 1);
  return viewOf(raw, contractId);
}

/** The one-off view by `req_id`: on a connection with streams, the next message may be theirs. */
let viewReqId = 500_000;
async function viewById(raw: RawSocket, contractId: number) {
  const reply = await raw.requestById({ proposal_open_contract: 1, contract_id: contractId, req_id: ++viewReqId });
  return reply.proposal_open_contract;
}

const barriersAround = (quote: number, halfWidth: number) => ({
  high: (quote * (1 + halfWidth)).toFixed(2),
  low: (quote * (1 - halfWidth)).toFixed(2),
});

describe('accumulators on the trading sandbox', () => {
  it('proposal: ask = stake, the barriers around the spot now, the half-width, the closing tick, the limits; streamed, the barriers move with the spot', async () => {
    const { raw, clock } = await multiplierSandbox();
    const path = pathOf('R_100');
    const spot = path.quoteAt(M_START);
    const first = await raw.answered({ proposal: 1, subscribe: 1, ...ACCU_R_100, limit_order: { take_profit: 1 } });
    const h = 0.00048625;
    const around = barriersAround(spot, h);
    expect(first.proposal).toEqual({
      ask_price: 10,
      contract_details: {
        barrier_spot_distance: (spot * h).toFixed(2),
        high_barrier: around.high,
        last_tick_epoch: M_START,
        low_barrier: around.low,
        maximum_payout: 10_000,
        maximum_stake: '2000.00',
        // A profit of 1 on 10 at 5 %: 10 × 1.05² = 11.025 on the third tick.
        maximum_ticks: 3,
        minimum_stake: '1.00',
        tick_size_barrier: h,
        tick_size_barrier_percentage: '0.04863%',
      },
      date_expiry: M_START + 2 + 3 * 2,
      date_start: M_START,
      display_value: '10.00',
      id: first.subscription.id,
      limit_order: {
        take_profit: {
          display_name: 'Take profit',
          display_order_amount: '1.00',
          order_amount: 1,
          order_date: M_START,
          value: null,
        },
      },
      longcode:
        'After the entry spot tick, your stake will grow continuously by 5% for every tick that the spot price remains within the ± 0.04863% from the previous spot price.',
      payout: 0,
      spot,
      spot_time: M_START,
      validation_params: {
        max_payout: '10000.00',
        max_ticks: 60,
        stake: { max: '2000.00', min: '1.00' },
        take_profit: { max: '9990.00', min: '0.01' },
      },
    });
    clock.advanceTo(M_START + 2);
    const streamed = () =>
      raw.messages.filter(
        (message) => message.proposal?.id === first.subscription.id && message.proposal.spot_time > M_START,
      );
    await until(() => streamed().length > 0);
    const next = path.quoteAt(M_START + 2);
    expect(streamed()[0]!.proposal).toMatchObject({
      ask_price: 10,
      date_start: M_START + 2,
      spot: next,
      contract_details: { ...(({ high, low }) => ({ high_barrier: high, low_barrier: low }))(barriersAround(next, h)) },
    });
    // Another growth rate is another proposal (another id), not the same one asked again.
    const other = await raw.answered({ proposal: 1, ...ACCU_R_100, growth_rate: 0.01 });
    expect(other.proposal.id).not.toBe(first.subscription.id);
    expect(other.proposal.contract_details).toMatchObject({ maximum_ticks: 300, tick_size_barrier: 0.00061255 });
  });

  it('knocked out at the tick found in advance on the seeded path: sold for 0, lost; the tick before, it was growing', async () => {
    const { start, spec, entryEpoch, end } = firstStart(ACCU_R_100, (e) => e.reason === 'knocked-out' && e.ticks >= 3);
    const { raw, clock } = await multiplierSandbox();
    const path = pathOf('R_100');
    clock.advanceTo(start);
    const bought = await buyAccumulator(raw, {});
    expect(bought).toMatchObject({
      buy_price: 10,
      payout: 0,
      shortcode: `ACCU_R_100_10.00_1_0.05_1_0.00048625_${start}`,
      start_time: start,
    });
    await runTo(clock, end.epoch - 2);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      status: 'open',
      tick_passed: end.ticks - 1,
      bid_price: cents(10 * 1.05 ** (end.ticks - 2)),
      is_valid_to_sell: 1,
      current_spot_time: end.epoch - 2,
    });
    const view = await endAt(clock, raw, bought.contract_id, end.epoch);
    expect(view).toMatchObject({
      status: 'lost',
      is_sold: 1,
      is_expired: 1,
      bid_price: 0,
      sell_price: 0,
      profit: -10,
      sell_time: end.epoch,
      exit_tick: end.quote,
      exit_tick_time: end.epoch,
      entry_tick_time: entryEpoch,
      tick_passed: end.ticks,
      date_expiry: end.epoch,
    });
    // The tick at or beyond a barrier around the tick before: the view shows which.
    const held = barriersAround(path.quoteAt(end.epoch - 2), spec.tickSizeBarrier);
    expect(view).toMatchObject({ high_barrier: held.high, low_barrier: held.low });
    expect(end.quote >= Number(held.high) || end.quote <= Number(held.low)).toBe(true);
    expect(view).not.toHaveProperty('current_spot_high_barrier');
    const sells = (await raw.answered({ statement: 1, action_type: 'sell' })).statement.transactions;
    expect(sells).toMatchObject([{ amount: 0, contract_id: bought.contract_id }]);
    expect((await raw.answered({ balance: 1 })).balance.balance).toBe(9_990);
  });

  it('closes by itself at its take profit, its most ticks or the maximum payout: won, at its value then', async () => {
    const cases = [
      firstStart({ ...ACCU_R_100, limit_order: { take_profit: 1 } }, (e) => e.reason === 'take-profit'),
      firstStart(ACCU_R_100, (e) => e.reason === 'max-ticks'),
      firstStart({ ...ACCU_R_100, amount: 2_000 }, (e) => e.reason === 'max-payout'),
    ];
    expect(cases.map(({ end }) => [end.reason, end.ticks])).toEqual([
      ['take-profit', 3],
      ['max-ticks', 60],
      // 2 000 × 1.05^32 = 9 529.88; one tick more would pay 10 006.38.
      ['max-payout', 33],
    ]);
    for (const { start, spec, end } of cases) {
      const { raw, clock } = await multiplierSandbox();
      clock.advanceTo(start);
      const bought = await buyAccumulator(raw, {
        amount: spec.stake,
        ...(spec.takeProfit ? { limit_order: { take_profit: spec.takeProfit } } : {}),
      });
      const view = await endAt(clock, raw, bought.contract_id, end.epoch);
      expect(view, end.reason).toMatchObject({
        status: 'won',
        is_expired: 1,
        is_valid_to_sell: 0,
        sell_price: cents(end.sellPrice),
        sell_time: end.epoch,
        exit_tick_time: end.epoch,
        tick_passed: end.ticks,
        tick_count: end.ticks,
        profit: cents(cents(end.sellPrice) - spec.stake),
      });
      const sells = (await raw.answered({ statement: 1, action_type: 'sell' })).statement.transactions;
      expect(sells).toMatchObject([{ amount: cents(end.sellPrice), contract_id: bought.contract_id }]);
    }
  });

  it('sell: not in the purchase second, before or at the entry tick, nor worth only its stake; in profit at its value, won', async () => {
    const { start, entryEpoch } = firstStart(ACCU_R_100, (e) => e.ticks > 3);
    const { raw, clock } = await multiplierSandbox();
    clock.advanceTo(start);
    const bought = await buyAccumulator(raw, {});
    const refusal = async () => (await raw.request({ sell: bought.contract_id, price: 0 })).error;
    const refused = (message: string) => ({ code: 'InvalidtoSell', message });
    const tooSoon = 'Contract cannot be sold at this time. Please try again.';
    expect(await refusal()).toEqual(refused(tooSoon));
    clock.advanceTo(entryEpoch - 1);
    expect(await refusal()).toEqual(refused('Waiting for entry tick.'));
    clock.advanceTo(entryEpoch);
    expect(await refusal()).toEqual(refused('Contract cannot be sold at entry tick. Please wait for the next tick.'));
    // One tick inside: worth its stake, no profit yet.
    clock.advanceTo(entryEpoch + 2);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      bid_price: 10,
      profit: 0,
      is_valid_to_sell: 0,
      validation_error: tooSoon,
    });
    expect(await refusal()).toEqual(refused(tooSoon));
    clock.advanceTo(entryEpoch + 4);
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({ bid_price: 10.5, is_valid_to_sell: 1 });
    // At its value whatever the price says: it only grows while it runs.
    const sold = (await raw.answered({ sell: bought.contract_id, price: 50 })).sell;
    expect(sold).toMatchObject({ sold_for: 10.5, reference_id: bought.transaction_id });
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      status: 'won',
      is_sold: 1,
      is_expired: 0,
      sell_price: 10.5,
      profit: 0.5,
      sell_time: entryEpoch + 4,
      sell_spot_time: entryEpoch + 4,
      is_valid_to_sell: 0,
    });
    expect((await raw.request({ sell: bought.contract_id, price: 0 })).error.code).toBe('InvalidSellContractProposal');
    // Nothing more: the settler finds it sold.
    await runTo(clock, entryEpoch + 140);
    const sells = (await raw.answered({ statement: 1, action_type: 'sell' })).statement.transactions;
    expect(sells).toMatchObject([{ amount: 10.5, contract_id: bought.contract_id }]);
  });

  it('sell of one the market has knocked out (not yet settled) sells it at its outcome, 0, once', async () => {
    const { start, end } = firstStart(ACCU_R_100, (e) => e.reason === 'knocked-out' && e.ticks >= 3);
    const { raw, clock } = await multiplierSandbox();
    clock.advanceTo(start);
    const bought = await buyAccumulator(raw, {});
    // Past the knock-out with no timer run: the settler has not looked yet.
    clock.jump((end.epoch + 10) * 1000 - clock.now());
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({
      is_sold: 0,
      is_expired: 1,
      is_valid_to_sell: 1,
      bid_price: 0,
    });
    expect((await raw.answered({ sell: bought.contract_id, price: 0 })).sell).toMatchObject({ sold_for: 0 });
    expect(await viewOf(raw, bought.contract_id)).toMatchObject({ status: 'lost', sell_time: end.epoch });
  });

  it('the open-contract view: the barriers held to and the next ones, tick_count, tick_passed, the latest ticks, the take profit; streamed tick by tick until it closes', async () => {
    const { start, spec, entryEpoch, end } = firstStart(
      { ...ACCU_R_100, limit_order: { take_profit: 1 } },
      (e) => e.reason === 'take-profit',
    );
    const { raw, clock } = await multiplierSandbox();
    const path = pathOf('R_100');
    clock.advanceTo(start);
    const reply = await raw.requestById({
      buy: '1',
      price: 10,
      parameters: { ...ACCU_R_100, limit_order: { take_profit: 1 } },
      subscribe: 1,
      req_id: 1,
    });
    const stream = reply.subscription.id as string;
    const contractId = reply.buy.contract_id as number;
    clock.advanceTo(entryEpoch + 4);
    const view = await viewById(raw, contractId);
    const [q0, q1, q2] = [0, 2, 4].map((offset) => path.quoteAt(entryEpoch + offset));
    const next = barriersAround(q2!, spec.tickSizeBarrier);
    const held = barriersAround(q1!, spec.tickSizeBarrier);
    expect(view).toMatchObject({
      contract_type: 'ACCU',
      barrier_count: 2,
      barrier_spot_distance: (q2! * spec.tickSizeBarrier).toFixed(2),
      bid_price: 10.5,
      buy_price: 10,
      current_spot: q2,
      current_spot_time: entryEpoch + 4,
      current_spot_high_barrier: next.high,
      current_spot_low_barrier: next.low,
      date_expiry: end.epoch,
      entry_tick: q0,
      entry_tick_time: entryEpoch,
      growth_rate: 0.05,
      high_barrier: held.high,
      low_barrier: held.low,
      is_expired: 0,
      is_path_dependent: 1,
      is_sold: 0,
      is_valid_to_sell: 1,
      limit_order: { take_profit: { order_amount: 1, display_order_amount: '1.00' } },
      payout: 0,
      profit: 0.5,
      status: 'open',
      tick_count: 3,
      tick_passed: 2,
      tick_stream: [q0, q1, q2].map((tick, i) => ({
        epoch: entryEpoch + 2 * i,
        tick,
        tick_display_value: tick!.toFixed(2),
      })),
    });
    await runTo(clock, end.epoch);
    const messages = () =>
      raw.messages.filter(
        (message) => message.msg_type === 'proposal_open_contract' && message.subscription?.id === stream,
      );
    await until(() => messages().some((message) => message.proposal_open_contract.is_sold === 1));
    const shown = messages().map((message) => message.proposal_open_contract);
    // One message per tick while it runs (with its value then), then the sold one, after which the stream ends.
    const byTick = shown.filter((poc) => poc.is_sold === 0 && poc.current_spot_time >= entryEpoch);
    expect(byTick.map((poc) => [poc.tick_passed, poc.bid_price])).toContainEqual([2, 10.5]);
    expect(shown.at(-1)).toMatchObject({ is_sold: 1, status: 'won', sell_price: 11.03, tick_passed: 3 });
    const count = messages().length;
    clock.advanceTo(end.epoch + 10);
    await raw.answered({ ping: 1 });
    expect(messages()).toHaveLength(count);
  });

  it('portfolio, profit_table and the transaction stream say what an accumulator is', async () => {
    const { start, end } = firstStart(ACCU_R_100, (e) => e.reason === 'knocked-out' && e.ticks >= 3);
    const { raw, clock } = await multiplierSandbox();
    await raw.answered({ transaction: 1, subscribe: 1 });
    clock.advanceTo(start);
    const bought = await buyAccumulator(raw, {});
    const latestEnd = start + 2 + 60 * 2;
    const row = (await raw.requestById({ portfolio: 1, req_id: 2 })).portfolio.contracts[0];
    expect(row).toMatchObject({
      contract_id: bought.contract_id,
      contract_type: 'ACCU',
      payout: 0,
      expiry_time: latestEnd,
    });
    await runTo(clock, end.epoch);
    await until(async () => (await viewById(raw, bought.contract_id)).is_sold === 1);
    const sold = (await raw.answered({ profit_table: 1, description: 1 })).profit_table.transactions[0];
    expect(sold).toMatchObject({
      contract_id: bought.contract_id,
      contract_type: 'ACCU',
      duration_type: 'no_expiry',
      growth_rate: '0.05',
      sell_price: 0,
    });
    const rows = raw.messages.filter(
      (message) => message.msg_type === 'transaction' && message.transaction.contract_id,
    );
    expect(rows.map((message) => [message.transaction.action, message.transaction.date_expiry])).toEqual([
      ['buy', latestEnd],
      ['sell', end.epoch],
    ]);
  });
});
