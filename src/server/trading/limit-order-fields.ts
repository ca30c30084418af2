import type { LimitOrderUpdate } from './limit-orders.js';
import type { LimitOrders, MultiplierSpec } from './multiplier-spec.js';
import { levelFor } from './multiplier-value.js';
import { moneyText } from './trading-errors.js';

/** When each order in force was set: at purchase, or by the last update that changed it. */
export interface OrderDates {
  readonly takeProfit: number;
  readonly stopLoss: number;
}

export function orderDates(spec: MultiplierSpec, updates: readonly LimitOrderUpdate[]): OrderDates {
  let takeProfit = spec.dateStart;
  let stopLoss = spec.dateStart;
  for (const update of updates) {
    if (update.takeProfit !== undefined) takeProfit = update.epoch;
    if (update.stopLoss !== undefined) stopLoss = update.epoch;
  }
  return { takeProfit, stopLoss };
}

const DISPLAY_NAMES = { take_profit: 'Take profit', stop_loss: 'Stop loss', stop_out: 'Stop out' } as const;

/** One order as the v3 schema has it: its amount (a loss negative), when it was set, and the spot it closes at. */
export function orderField(
  name: keyof typeof DISPLAY_NAMES,
  spec: MultiplierSpec,
  referenceSpot: number,
  amount: number,
  date: number,
): Record<string, unknown> {
  return {
    display_name: DISPLAY_NAMES[name],
    display_order_amount: moneyText(amount),
    order_amount: amount,
    order_date: date,
    value: levelFor(spec, referenceSpot, amount).toFixed(spec.symbol.pipSize),
  };
}

/**
 * `limit_order` of a proposal or an open-contract view: the stop out always (the loss of the whole
 * stake), the take profit and stop loss in force. The spot levels are worked out from
 * `referenceSpot`: the entry spot once there is one, the spot now in a proposal.
 */
export function limitOrderFields(
  spec: MultiplierSpec,
  referenceSpot: number,
  orders: LimitOrders,
  dates: OrderDates,
): Record<string, unknown> {
  return {
    ...(orders.stopLoss !== undefined
      ? { stop_loss: orderField('stop_loss', spec, referenceSpot, -orders.stopLoss, dates.stopLoss) }
      : {}),
    stop_out: orderField('stop_out', spec, referenceSpot, -spec.stake, spec.dateStart),
    ...(orders.takeProfit !== undefined
      ? { take_profit: orderField('take_profit', spec, referenceSpot, orders.takeProfit, dates.takeProfit) }
      : {}),
  };
}
