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
import type { PricePath, Tick } from '../../market/price-path.js';
import { amountFromCents } from '../../store/money.js';
import type { ContractRecord } from '../../store/store.js';
import { accumulatorAt, type AccumulatorEnd } from '../../trading/accumulator-path.js';
import { limitOrderUpdates } from '../../trading/limit-orders.js';
import { type AccumulatorSpec, accumulatorTicks, latestEnd, onThePath } from '../../trading/accumulator-spec.js';
import { roundMoney } from '../../trading/money.js';
import type { StoredOutcome } from '../../trading/stored-outcome.js';
import { accumulatorLimitOrder, barrierFields } from './accumulator-proposal-fields.js';

/** The ticks the view shows: the latest ones up to the current tick, from the entry on (our choice). */
const TICK_STREAM = 10;

/** How an accumulator stands at `now`: sold, ended by the market (not yet sold), running, or not yet entered. */
export interface AccumulatorStanding {
  /** Undefined before the entry tick. */
  readonly entry: Tick | undefined;
  /** The tick it ended or was sold on; while it runs the latest tick (the spot now, before the entry). */
  readonly current: Tick;
  /** Ticks past the entry up to `current`. */
  readonly ticksPassed: number;
  /** What it is worth at `current`, to the cent (the sale's price once sold): the bid. */
  readonly bid: number;
  /** How the market ended it, sold or not yet; undefined while it runs or when the client sold it. */
  readonly end: AccumulatorEnd | undefined;
  readonly sold: StoredOutcome | undefined;
}

export function accumulatorStanding(
  record: ContractRecord,
  spec: AccumulatorSpec,
  path: PricePath,
  now: number,
): AccumulatorStanding {
  const passed = (entry: Tick, current: Tick) => (current.epoch - entry.epoch) / path.intervalSeconds;
  if (record.sale) {
    const sold = JSON.parse(record.sale.outcome) as StoredOutcome;
    return {
      entry: sold.entry,
      current: sold.exit,
      ticksPassed: passed(sold.entry, sold.exit),
      bid: amountFromCents(record.sale.sellPriceCents),
      end: sold.closedBy as AccumulatorEnd | undefined,
      sold,
    };
  }
  const state = accumulatorAt(path, onThePath(spec, limitOrderUpdates(record.updates)), now);
  if (!state) {
    const epoch = path.tickEpochAtOrBefore(now);
    const current = { epoch, quote: path.quoteAt(epoch) };
    return { entry: undefined, current, ticksPassed: 0, bid: spec.stake, end: undefined, sold: undefined };
  }
  return {
    entry: state.entry,
    current: state.current,
    ticksPassed: passed(state.entry, state.current),
    bid: roundMoney(state.value),
    end: state.end,
    sold: undefined,
  };
}

/**
 * Why the accumulator cannot be sold now, or undefined (docs/trading.md, "Accumulators"): sold;
 * in its purchase second; before its entry tick; on its entry tick; not in profit. One the market
 * has ended sells at its outcome.
 */
export function accumulatorSellability(
  record: ContractRecord,
  standing: AccumulatorStanding,
  now: number,
): { code: string; message: string } | undefined {
  const refusal = (message: string) => ({ code: 'ContractSellValidationError', message });
  if (record.sale) return { code: 'ContractSold', message: 'This contract has been sold.' };
  if (standing.end) return undefined;
  if (now <= Math.floor(record.purchaseTimeMs / 1000))
    return refusal('Contract cannot be sold at this time. Please try again.');
  if (!standing.entry) return refusal('Waiting for entry tick.');
  if (standing.ticksPassed === 0)
    return refusal('Contract cannot be sold at entry tick. Please wait for the next tick.');
  // Sellable only in profit (the reference): the first tick after entry is worth the stake, no more.
  if (!(standing.bid > amountFromCents(record.buyPriceCents)))
    return refusal('Contract cannot be sold at this time. Please try again.');
  return undefined;
}

/**
 * The `proposal_open_contract` view of an accumulator at `now` (docs/trading.md,
 * "Accumulators"): its value as the bid; `high_barrier`/`low_barrier`, the barriers the current
 * tick was held to (around the tick before it), and while it runs `current_spot_high_barrier`/
 * `current_spot_low_barrier`, those the next tick must stay strictly inside; `tick_count` the
 * tick it closes at if nothing knocks it out, `tick_passed` the ticks since the entry, the latest
 * ticks; the status `open`, then `won` or `lost` (knocked out).
 */
export function accumulatorView(
  record: ContractRecord,
  spec: AccumulatorSpec,
  market: Market,
  now: number,
): Record<string, unknown> {
  const { symbol } = spec;
  const pipSize = symbol.pipSize;
  const path = market.path(symbol.symbol);
  const standing = accumulatorStanding(record, spec, path, now);
  const { entry, current, bid, end, sold } = standing;
  const buyPrice = amountFromCents(record.buyPriceCents);
  const running = !record.sale && !end;
  const next = running && entry ? barrierFields(spec, current.quote) : undefined;
  const held =
    entry && current.epoch > entry.epoch
      ? barrierFields(spec, path.quoteAt(current.epoch - path.intervalSeconds))
      : undefined;
  const updates = limitOrderUpdates(record.updates);
  const sellTime = record.sale && Math.floor(record.sale.sellTimeMs / 1000);
  const expiry = sellTime ?? (end ? current.epoch : latestEnd(path, spec, updates));
  const validation = accumulatorSellability(record, standing, now);
  const tickStream = entry
    ? path
        .ticks(Math.max(entry.epoch, current.epoch - (TICK_STREAM - 1) * path.intervalSeconds), current.epoch)
        .map((tick) => ({ epoch: tick.epoch, tick: tick.quote, tick_display_value: quoteText(tick.quote, pipSize) }))
    : [];
  return {
    account_id: 0,
    barrier_count: 2,
    ...(next ? { barrier_spot_distance: next.distance } : {}),
    bid_price: bid,
    buy_price: buyPrice,
    contract_id: record.contractId,
    contract_type: record.contractType,
    currency: record.currency,
    current_spot: current.quote,
    current_spot_display_value: quoteText(current.quote, pipSize),
    ...(next ? { current_spot_high_barrier: next.high, current_spot_low_barrier: next.low } : {}),
    current_spot_time: current.epoch,
    date_expiry: expiry,
    date_settlement: expiry,
    date_start: spec.dateStart,
    display_name: symbol.displayName,
    ...entryFields(entry, pipSize),
    ...exitFields(end ? current : undefined, pipSize),
    expiry_time: expiry,
    growth_rate: spec.growthRate,
    ...(held ? { high_barrier: held.high } : {}),
    is_expired: end ? 1 : 0,
    is_forward_starting: 0,
    is_intraday: 0,
    is_path_dependent: 1,
    is_settleable: end ? 1 : 0,
    is_sold: record.sale ? 1 : 0,
    is_valid_to_cancel: 0,
    is_valid_to_sell: validation ? 0 : 1,
    // Its take profit may be changed (contract_update) while it runs.
    is_valid_to_update: { take_profit: running ? 1 : 0 },
    ...accumulatorLimitOrder(spec, updates),
    longcode: record.longcode,
    ...(held ? { low_barrier: held.low } : {}),
    payout: 0,
    ...profitFields(bid, buyPrice),
    purchase_time: Math.floor(record.purchaseTimeMs / 1000),
    ...saleFields(sold && { price: bid, exit: sold.exit, sellTime: sellTime! }, pipSize),
    shortcode: record.shortcode,
    status: sold ? sold.status : 'open',
    tick_count: accumulatorTicks(spec, updates),
    tick_passed: standing.ticksPassed,
    ...(entry ? { tick_stream: tickStream } : {}),
    transaction_ids: transactionIds(record),
    underlying: symbol.symbol,
    ...validationFields(validation),
  };
}
