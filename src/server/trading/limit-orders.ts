import { decimalPlaces, MONEY_DECIMALS } from './money.js';
import { MIN_LIMIT_ORDER_AMOUNT } from './multiplier-offerings.js';
import type { LimitOrders } from './multiplier-spec.js';
import { ok, refused, tradingErrors, type Checked, type LimitOrderName } from './trading-errors.js';

/**
 * A change of a multiplier's limit orders (`contract_update`): a new amount, `null` to remove
 * the order, or absent to leave it as it is.
 */
export interface LimitOrderChange {
  readonly takeProfit?: number | null;
  readonly stopLoss?: number | null;
}

/** A change as settlement reads it: in force for the ticks after the second it was made in. */
export interface LimitOrderUpdate extends LimitOrderChange {
  readonly epoch: number;
}

const FIELDS = { take_profit: 'takeProfit', stop_loss: 'stopLoss' } as const satisfies Record<
  LimitOrderName,
  keyof LimitOrderChange
>;

/** One amount: positive, at least the minimum, to the cent; a stop loss no more than the stake. */
function checkedAmount(order: LimitOrderName, value: unknown, stake: number): Checked<number> {
  if (typeof value !== 'number' || !Number.isFinite(value)) return refused(tradingErrors.inputValidation(order));
  if (value < MIN_LIMIT_ORDER_AMOUNT) return refused(tradingErrors.limitOrderTooLow(order, MIN_LIMIT_ORDER_AMOUNT));
  if (decimalPlaces(value) > MONEY_DECIMALS) return refused(tradingErrors.limitOrderDecimals(order));
  if (order === 'stop_loss' && value > stake) return refused(tradingErrors.stopLossAboveStake());
  return ok(value);
}

/**
 * `limit_order` as a request gives it, checked: `{take_profit?, stop_loss?}`, each an amount,
 * or (with `removable`, in `contract_update`) `null` to remove it. Other keys fail the schema.
 */
export function limitOrderChange(input: unknown, stake: number, removable: boolean): Checked<LimitOrderChange> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return refused(tradingErrors.inputValidation('limit_order'));
  const given = input as Record<string, unknown>;
  const change: { takeProfit?: number | null; stopLoss?: number | null } = {};
  for (const key of Object.keys(given)) {
    if (!(key in FIELDS)) return refused(tradingErrors.inputValidation(`limit_order.${key}`));
    const order = key as LimitOrderName;
    const value = given[order];
    if (value === undefined) continue;
    if (value === null) {
      if (!removable) return refused(tradingErrors.inputValidation(order));
      change[FIELDS[order]] = null;
      continue;
    }
    const amount = checkedAmount(order, value, stake);
    if (!amount.ok) return amount;
    change[FIELDS[order]] = amount.value;
  }
  return ok(change);
}

/** `orders` with `change` applied: null removes an order, absent keeps it. */
export function applyChange(orders: LimitOrders, change: LimitOrderChange): LimitOrders {
  const next: { takeProfit?: number; stopLoss?: number } = { ...orders };
  for (const field of ['takeProfit', 'stopLoss'] as const) {
    const value = change[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next;
}

/**
 * The limit orders in force at the tick of `epoch`: those given at purchase, with every update
 * made in an earlier second applied in the order they were made. An update made in the second of a
 * tick is not in force at that tick: it was made after it (as the entry tick of a binary comes after its purchase second).
 */
export function ordersInForce(initial: LimitOrders, updates: readonly LimitOrderUpdate[], epoch: number): LimitOrders {
  let orders = initial;
  for (const update of updates) if (update.epoch < epoch) orders = applyChange(orders, update);
  return orders;
}

/** The orders after every update: what the view shows and a new update starts from. */
export function currentOrders(initial: LimitOrders, updates: readonly LimitOrderUpdate[]): LimitOrders {
  return updates.reduce(applyChange, initial);
}

/** A change as the store keeps it (`ContractUpdate.change`): JSON, with `null` for a removed order. */
export function changeJson(change: LimitOrderChange): string {
  return JSON.stringify({ takeProfit: change.takeProfit, stopLoss: change.stopLoss });
}

/** The store's updates of a contract, oldest first, as settlement reads them. */
export function limitOrderUpdates(
  stored: readonly { readonly timeMs: number; readonly change: string }[],
): LimitOrderUpdate[] {
  return stored.map((update) => {
    const change = JSON.parse(update.change) as LimitOrderChange;
    return {
      epoch: Math.floor(update.timeMs / 1000),
      ...(change.takeProfit !== undefined ? { takeProfit: change.takeProfit } : {}),
      ...(change.stopLoss !== undefined ? { stopLoss: change.stopLoss } : {}),
    };
  });
}
