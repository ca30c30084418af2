import type { Market } from '../../market/market.js';
import {
  entryFields,
  exitFields,
  profitFields,
  quoteText,
  saleFields,
  transactionIds,
  validationFields,
} from './view-fields.js';
import type { Tick } from '../../market/price-path.js';
import { amountFromCents } from '../../store/money.js';
import type { ContractRecord } from '../../store/store.js';
import { limitOrderFields, orderDates } from '../../trading/limit-order-fields.js';
import { currentOrders, limitOrderUpdates } from '../../trading/limit-orders.js';
import { multiplierEntry } from '../../trading/multiplier-settlement.js';
import { cancellationExpiry, type MultiplierSpec } from '../../trading/multiplier-spec.js';
import { commissionAmount, valueAt } from '../../trading/multiplier-value.js';
import type { StoredOutcome } from '../../trading/stored-outcome.js';
import { closeBy } from './multiplier-closes.js';

/** Why the multiplier cannot be sold now, or undefined: sold already, or still in its purchase second. */
export function multiplierSellability(
  record: ContractRecord,
  now: number,
): { code: string; message: string } | undefined {
  if (record.sale) return { code: 'ContractSold', message: 'This contract has been sold.' };
  if (now <= Math.floor(record.purchaseTimeMs / 1000))
    return { code: 'ContractSellValidationError', message: 'Contract cannot be sold at this time. Please try again.' };
  return undefined;
}

/** Whether deal cancellation is open at `now`: bought with it, and its window not over. */
export function cancellationOpen(spec: MultiplierSpec, now: number): boolean {
  const end = cancellationExpiry(spec);
  return end !== undefined && now < end;
}

/** How the contract stands at `now`: closed (sold, or closed by the market and not yet sold) or open at the spot now. */
export interface MultiplierStanding {
  readonly entry: Tick;
  readonly spot: Tick;
  readonly bid: number;
  /** The market closed it: the tick it closed at (sold or not yet). */
  readonly closedAt: Tick | undefined;
  readonly sold: StoredOutcome | undefined;
  /** Still open (neither sold nor closed), with deal cancellation not yet over. */
  readonly cancellable: boolean;
  /** 1 while open with no deal cancellation running: its limit orders may be changed. */
  readonly updatable: 0 | 1;
  /** Why it may not be sold now, if it may not (none once the market closed it, until it is sold). */
  readonly validation: { code: string; message: string } | undefined;
}

export function multiplierStanding(
  record: ContractRecord,
  spec: MultiplierSpec,
  market: Market,
  now: number,
): MultiplierStanding {
  const path = market.path(spec.symbol.symbol);
  const entry = multiplierEntry(path, spec);
  let spot: Tick;
  let bid: number;
  let closedAt: Tick | undefined;
  let sold: StoredOutcome | undefined;
  if (record.sale) {
    sold = JSON.parse(record.sale.outcome) as StoredOutcome;
    closedAt = sold.closedBy || sold.status === 'cancelled' ? sold.exit : undefined;
    spot = sold.exit;
    bid = amountFromCents(record.sale.sellPriceCents);
  } else {
    const close = closeBy(path, spec, record, now);
    if (close) {
      spot = close.tick;
      bid = close.sellPrice;
      closedAt = close.tick;
    } else {
      const epoch = path.tickEpochAtOrBefore(now);
      spot = { epoch, quote: path.quoteAt(epoch) };
      bid = valueAt(spec, entry.quote, spot.quote);
    }
  }
  const open = !record.sale && !closedAt;
  const cancellable = open && cancellationOpen(spec, now);
  const updatable = open && !cancellationOpen(spec, now) ? 1 : 0;
  const validation = closedAt && !record.sale ? undefined : multiplierSellability(record, now);
  return { entry, spot, bid, closedAt, sold, cancellable, updatable, validation };
}

/**
 * The `proposal_open_contract` view of a multiplier at `now` (docs/trading.md, "Multipliers"):
 * its value as the bid, the limit orders in force with the stop out and their spot levels from
 * the entry spot, the commission, the deal cancellation while it lasts, and the status (`open`,
 * `sold`, `cancelled`, or `won`/`lost` when the market closed it). A multiplier has no expiry,
 * so `date_expiry` and its kin appear only once it is sold: its sale time.
 */
export function multiplierView(
  record: ContractRecord,
  spec: MultiplierSpec,
  market: Market,
  now: number,
): Record<string, unknown> {
  return multiplierFields(record, spec, multiplierStanding(record, spec, market, now));
}

/** The view's fields for the contract as it stands. */
export function multiplierFields(
  record: ContractRecord,
  spec: MultiplierSpec,
  { entry, spot, bid, closedAt, sold, cancellable, updatable, validation }: MultiplierStanding,
): Record<string, unknown> {
  const { symbol } = spec;
  const pipSize = symbol.pipSize;
  const buyPrice = amountFromCents(record.buyPriceCents);
  const updates = limitOrderUpdates(record.updates);
  const sellTime = record.sale && Math.floor(record.sale.sellTimeMs / 1000);
  const fields: Record<string, unknown> = {
    account_id: 0,
    barrier_count: 0,
    bid_price: bid,
    buy_price: buyPrice,
    ...(spec.cancellation
      ? { cancellation: { ask_price: spec.cancellation.fee, date_expiry: cancellationExpiry(spec) } }
      : {}),
    commission: commissionAmount(spec),
    contract_id: record.contractId,
    contract_type: record.contractType,
    currency: record.currency,
    current_spot: spot.quote,
    current_spot_display_value: quoteText(spot.quote, pipSize),
    current_spot_time: spot.epoch,
    ...(sellTime !== undefined ? { date_expiry: sellTime, date_settlement: sellTime } : {}),
    date_start: spec.dateStart,
    display_name: symbol.displayName,
    ...entryFields(entry, pipSize),
    ...exitFields(closedAt, pipSize),
    ...(sellTime !== undefined ? { expiry_time: sellTime } : {}),
    is_expired: closedAt ? 1 : 0,
    is_forward_starting: 0,
    is_intraday: 1,
    is_path_dependent: 1,
    is_settleable: closedAt ? 1 : 0,
    is_sold: record.sale ? 1 : 0,
    is_valid_to_cancel: cancellable ? 1 : 0,
    is_valid_to_sell: validation ? 0 : 1,
    is_valid_to_update: { stop_loss: updatable, take_profit: updatable },
    limit_order: limitOrderFields(
      spec,
      entry.quote,
      currentOrders(spec.limitOrders, updates),
      orderDates(spec, updates),
    ),
    longcode: record.longcode,
    multiplier: spec.multiplier,
    payout: 0,
    ...profitFields(bid, buyPrice),
    purchase_time: Math.floor(record.purchaseTimeMs / 1000),
    ...saleFields(sold && { price: bid, exit: sold.exit, sellTime: sellTime! }, pipSize),
    shortcode: record.shortcode,
    status: sold ? sold.status : 'open',
    transaction_ids: transactionIds(record),
    underlying: symbol.symbol,
    ...validationFields(validation),
  };
  return fields;
}
