import type { PricePath, Tick } from '../market/price-path.js';
import { ordersInForce, type LimitOrderUpdate } from './limit-orders.js';
import { cancellationExpiry, type MultiplierSpec } from './multiplier-spec.js';
import { pnlAt, valueAt } from './multiplier-value.js';

/**
 * How a multiplier closes by itself, worked out from the market's path, its terms and its limit
 * order updates alone (docs/trading.md, "Multipliers"): the same three give the same close in
 * any process, before or after a restart, as settlement-rules.ts does for binaries.
 */

/** Ticks of path read per step: a day of 1-second ticks is 86 400. */
const SCAN_TICKS = 4_096;

export type CloseReason = 'stop_out' | 'take_profit' | 'stop_loss';

export interface MultiplierClose {
  readonly reason: CloseReason;
  /** The tick it closed at. */
  readonly tick: Tick;
  /** What the sale pays: the contract's value at the tick, or the stake for a stop out inside the cancellation window. */
  readonly sellPrice: number;
  /** A stop out inside the deal cancellation window cancels the contract instead (the stake is given back). */
  readonly cancelled: boolean;
}

/**
 * The entry tick: the latest tick at or before the purchase second, the spot the buyer was
 * quoted, as Deriv's multipliers enter at the market price when the contract is processed (our
 * reading; binaries enter on the next tick).
 */
export function multiplierEntry(path: PricePath, spec: MultiplierSpec): Tick {
  const epoch = path.tickEpochAtOrBefore(spec.dateStart);
  return { epoch, quote: path.quoteAt(epoch) };
}

/** Why the tick closes the contract, if it does: the stop out first, then the stop loss, then the take profit. */
function closeReason(
  spec: MultiplierSpec,
  entry: Tick,
  tick: Tick,
  updates: readonly LimitOrderUpdate[],
): CloseReason | undefined {
  const profit = pnlAt(spec, entry.quote, tick.quote);
  if (profit <= -spec.stake) return 'stop_out';
  const { takeProfit, stopLoss } =
    updates.length === 0 ? spec.limitOrders : ordersInForce(spec.limitOrders, updates, tick.epoch);
  if (stopLoss !== undefined && profit <= -stopLoss) return 'stop_loss';
  if (takeProfit !== undefined && profit >= takeProfit) return 'take_profit';
  return undefined;
}

export interface CloseScan {
  /** The close, if a tick up to `now` made it. */
  readonly close: MultiplierClose | undefined;
  /** Where to read on from next time (the tick after the last one read): the caller keeps it, as the settler does. */
  readonly scannedTo: number;
}

/**
 * The first tick after entry, up to `now`, at which the contract closes by itself: its loss
 * reaches the stake (the stop out), or its profit the take profit, or its loss the stop loss in
 * force at that tick. The pnl is compared unrounded, so a level the view shows (to the pip) is
 * where it closes; the sale is at the value to the cent. The path is
 * read from `scanFrom` (where the caller last looked without a close) or the tick after entry.
 */
export function multiplierCloseAt(
  path: PricePath,
  spec: MultiplierSpec,
  updates: readonly LimitOrderUpdate[],
  now: number,
  scanFrom = 0,
): CloseScan {
  const entry = multiplierEntry(path, spec);
  const interval = path.intervalSeconds;
  const until = path.tickEpochAtOrBefore(now);
  const windowEnd = cancellationExpiry(spec);
  for (let from = Math.max(scanFrom, entry.epoch + interval); from <= until; from += SCAN_TICKS * interval) {
    const to = Math.min(until, from + (SCAN_TICKS - 1) * interval);
    for (const tick of path.ticks(from, to)) {
      const reason = closeReason(spec, entry, tick, updates);
      if (!reason) continue;
      const cancelled = reason === 'stop_out' && windowEnd !== undefined && tick.epoch < windowEnd;
      const sellPrice = cancelled ? spec.stake : valueAt(spec, entry.quote, tick.quote);
      return { close: { reason, tick, sellPrice, cancelled }, scannedTo: tick.epoch };
    }
  }
  return { close: undefined, scannedTo: Math.max(scanFrom, until + interval) };
}
