import { tickSizeBarrierPercentage, accumulatorLongcode } from '../../trading/accumulator-codes.js';
import { barriersAround } from '../../trading/accumulator-path.js';
import type { LimitOrderUpdate } from '../../trading/limit-orders.js';
import { type AccumulatorSpec, accumulatorTicks, currentTakeProfit } from '../../trading/accumulator-spec.js';
import { ACCUMULATOR_MAX_PAYOUT, ACCUMULATOR_STAKE, MAX_DURATION_TICKS } from '../../trading/accumulator-terms.js';
import { moneyText } from '../../trading/trading-errors.js';
import { maxTakeProfit } from '../../trading/validate-accumulator.js';

/** The least take profit, to the cent: anything above 0 (the real server's "…higher than 0.00."). */
const MIN_TAKE_PROFIT = 0.01;

/** `limit_order` of an accumulator with a take profit (proposal and open-contract view): an amount, and no spot level. */
export function accumulatorLimitOrder(
  spec: AccumulatorSpec,
  updates: readonly LimitOrderUpdate[] = [],
): Record<string, unknown> {
  const takeProfit = currentTakeProfit(spec, updates);
  if (takeProfit === undefined) return {};
  return { limit_order: { take_profit: takeProfitField(takeProfit, takeProfitDate(spec, updates)) } };
}

/** A take profit as the view and `contract_update` show it: an amount and no spot level (an accumulator has none). */
export function takeProfitField(amount: number, date: number) {
  return {
    display_name: 'Take profit',
    display_order_amount: moneyText(amount),
    order_amount: amount,
    order_date: date,
    value: null,
  };
}

/** When the take profit in force was set: the purchase, or its latest update. */
export function takeProfitDate(spec: AccumulatorSpec, updates: readonly LimitOrderUpdate[]): number {
  for (let i = updates.length - 1; i >= 0; i--) if (updates[i]!.takeProfit !== undefined) return updates[i]!.epoch;
  return spec.dateStart;
}

/** The barriers around `spot` as the wire has them, on the pip, and their distance from it. */
export function barrierFields(spec: AccumulatorSpec, spot: number) {
  const { high, low } = barriersAround(spot, spec.tickSizeBarrier, spec.symbol.pipSize);
  const pip = spec.symbol.pipSize;
  return {
    distance: (spot * spec.tickSizeBarrier).toFixed(pip),
    high: high.toFixed(pip),
    low: low.toFixed(pip),
  };
}

/**
 * An accumulator's `proposal` payload, without its `id` (docs/trading.md, "Accumulators"): the
 * ask is the stake; `contract_details` has the barriers around the spot now (what the tick after
 * the entry must stay inside, were the entry this spot), the half-width, the closing tick and the
 * maximum payout; `validation_params` the limits. `date_expiry` is the latest it can end if bought
 * now; `payout` is 0: an accumulator pays its value.
 */
export function accumulatorProposalFields(
  spec: AccumulatorSpec,
  spot: number,
  spotTime: number,
): Record<string, unknown> {
  const barriers = barrierFields(spec, spot);
  const ticks = accumulatorTicks(spec);
  // Bought now, it enters on the tick after the latest one.
  const entry = spotTime + spec.intervalSeconds;
  return {
    ask_price: spec.stake,
    contract_details: {
      barrier_spot_distance: barriers.distance,
      high_barrier: barriers.high,
      last_tick_epoch: spotTime,
      low_barrier: barriers.low,
      maximum_payout: ACCUMULATOR_MAX_PAYOUT,
      maximum_stake: moneyText(ACCUMULATOR_STAKE.max),
      maximum_ticks: ticks,
      minimum_stake: moneyText(ACCUMULATOR_STAKE.min),
      tick_size_barrier: spec.tickSizeBarrier,
      tick_size_barrier_percentage: tickSizeBarrierPercentage(spec),
    },
    date_expiry: entry + ticks * spec.intervalSeconds,
    date_start: spec.dateStart,
    display_value: moneyText(spec.stake),
    ...accumulatorLimitOrder(spec),
    longcode: accumulatorLongcode(spec),
    payout: 0,
    spot,
    spot_time: spotTime,
    validation_params: {
      max_payout: moneyText(ACCUMULATOR_MAX_PAYOUT),
      max_ticks: MAX_DURATION_TICKS[spec.growthRate],
      stake: { max: moneyText(ACCUMULATOR_STAKE.max), min: moneyText(ACCUMULATOR_STAKE.min) },
      take_profit: { max: moneyText(maxTakeProfit(spec.stake)), min: moneyText(MIN_TAKE_PROFIT) },
    },
  };
}
