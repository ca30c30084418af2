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
import { amountFromCents } from '../../store/money.js';
import type { ContractRecord } from '../../store/store.js';
import type { ContractSpec } from '../../trading/contract-spec.js';
import type { PricePath, Tick } from '../../market/price-path.js';
import { bidPrice, type Bid } from '../../trading/bid-price.js';
import { fixedExpiryOffered } from '../../trading/offerings.js';
import { decidedBy, entryTick, exitEpoch, outcomeAt, type ContractOutcome } from '../../trading/settlement-rules.js';
import type { StoredOutcome } from '../../trading/settler.js';
import { isAccumulatorSpec, isMultiplierSpec, type TradeSpec } from '../../trading/trade-spec.js';
import { specFromTerms, tradeFromTerms } from '../../trading/stored-contract.js';
import type { Checked } from '../../trading/trading-errors.js';
import type { TradingOptions } from '../../trading/trading-options.js';
import { accumulatorView } from './accumulator-view.js';
import { multiplierView } from './multiplier-view.js';

/** Tick contracts show their ticks; a day-long one would not fit a message, so intraday ones show none. */
const MAX_TICK_STREAM = 20;

/** Specs read from records' terms: a stream shows its record on every tick, and terms never change on a record. */
const specs = new WeakMap<ContractRecord, TradeSpec>();

/** The record's spec, read from its terms once per record object. */
export function tradeOf(record: ContractRecord): TradeSpec {
  let spec = specs.get(record);
  if (!spec) specs.set(record, (spec = tradeFromTerms(record.terms)));
  return spec;
}

/**
 * The `proposal_open_contract` view of one contract at `now` (epoch seconds): the fields of the
 * docs/trading.md, "Settlement", from the record, the market's path, and (once sold) the stored outcome. The
 * same function answers one-off requests and every stream message.
 */
export function contractView(
  record: ContractRecord,
  market: Market,
  now: number,
  options: TradingOptions,
): Record<string, unknown> {
  const traded = tradeOf(record);
  if (isMultiplierSpec(traded)) return multiplierView(record, traded, market, now);
  if (isAccumulatorSpec(traded)) return accumulatorView(record, traded, market, now);
  const spec = traded;
  const { symbol } = spec;
  const pipSize = symbol.pipSize;
  const path = market.path(symbol.symbol);
  const buyPrice = amountFromCents(record.buyPriceCents);
  const payout = amountFromCents(record.payoutCents);
  const sold = record.sale && (JSON.parse(record.sale.outcome) as StoredOutcome);
  const decided: ContractOutcome | undefined = sold
    ? {
        entry: sold.entry,
        exit: sold.exit,
        barrier: sold.barrier,
        won: sold.status === 'won',
        decidedAt: record.sale!.sellTimeMs / 1000,
      }
    : outcomeAt(path, spec, pipSize, now);
  const entry = now >= entryTick(path, spec).epoch || sold ? (decided?.entry ?? entryTick(path, spec)) : undefined;
  const spotEpoch = Math.min(path.tickEpochAtOrBefore(now), decided ? decided.exit.epoch : Infinity);
  const spot = path.quoteAt(spotEpoch);
  // An early sale is not an expiry: the contract shows expired once its own end has passed.
  // Past a fixed expiry it is expired, yet settleable only once its exit tick is final (a later tick exists).
  const isTick = spec.expiry.kind === 'ticks';
  const isExpired =
    sold?.status === 'sold'
      ? now >= decidedBy(path, spec)
      : decided !== undefined || (!isTick && now >= spec.dateExpiry);
  const isSettleable = sold?.status === 'sold' ? isExpired : decided !== undefined;
  const dateExpiry = dateExpiryOf(spec, path, entry !== undefined);

  let bid: number;
  if (sold) bid = amountFromCents(record.sale!.sellPriceCents);
  else if (decided) bid = decided.won ? payout : 0;
  else {
    const priced = openBid(spec, payout, path, now, options);
    bid = priced.bid.ok ? priced.bid.value.bidPrice : 0;
  }
  const validation = sellability(spec, record, now, entry !== undefined, decided !== undefined);
  const fields: Record<string, unknown> = {
    account_id: 0,
    ...(decided?.barrier !== undefined
      ? // In pips, as while it was open ("820.40", not "820.4"); a digit as it is.
        {
          barrier:
            spec.trade.category === 'digits' ? String(decided.barrier) : decided.barrier.toFixed(spec.symbol.pipSize),
        }
      : entry && barrierOf(spec, entry.quote)
        ? { barrier: barrierOf(spec, entry.quote) }
        : {}),
    barrier_count: 1,
    bid_price: bid,
    buy_price: buyPrice,
    contract_id: record.contractId,
    contract_type: record.contractType,
    currency: record.currency,
    current_spot: spot,
    current_spot_display_value: quoteText(spot, pipSize),
    current_spot_time: spotEpoch,
    date_expiry: dateExpiry,
    date_settlement: dateExpiry,
    date_start: spec.dateStart,
    display_name: symbol.displayName,
    ...entryFields(entry, pipSize),
    ...exitFields(decided?.exit, pipSize),
    expiry_time: dateExpiry,
    is_expired: isExpired ? 1 : 0,
    is_forward_starting: 0,
    is_intraday: spec.expiryType === 'daily' ? 0 : 1,
    is_path_dependent: spec.trade.category === 'touchnotouch' ? 1 : 0,
    is_settleable: isSettleable ? 1 : 0,
    is_sold: sold ? 1 : 0,
    is_valid_to_cancel: 0,
    is_valid_to_sell: validation ? 0 : 1,
    longcode: record.longcode,
    payout,
    ...profitFields(bid, buyPrice),
    purchase_time: Math.floor(record.purchaseTimeMs / 1000),
    ...saleFields(
      sold && { price: bid, exit: decided!.exit, sellTime: Math.floor(record.sale!.sellTimeMs / 1000) },
      pipSize,
    ),
    shortcode: record.shortcode,
    status: sold ? (sold.status === 'sold' ? 'sold' : sold.status === 'won' || bid >= payout ? 'won' : 'lost') : 'open',
    ...(isTick && spec.expiry.kind === 'ticks' ? { tick_count: spec.expiry.ticks } : {}),
    ...(isTick && entry
      ? { tick_stream: tickStream(market, spec, entry.epoch, Math.min(spotEpoch, exitEpoch(path, spec))) }
      : {}),
    transaction_ids: transactionIds(record),
    underlying: symbol.symbol,
    ...validationFields(validation),
  };
  return fields;
}

/**
 * What selling the open, undecided contract now pays: its spec priced at the latest tick, with
 * the entry spot once there is one. `sell` and the view use the same bid, so a client that sells
 * at the `bid_price` it was shown gets that price while the market stays put.
 */
export function openBid(
  spec: ContractSpec,
  payout: number,
  path: PricePath,
  now: number,
  options: TradingOptions,
): { bid: Checked<Bid>; spot: Tick; entry: Tick | undefined } {
  const spotEpoch = path.tickEpochAtOrBefore(now);
  const spot = { epoch: spotEpoch, quote: path.quoteAt(spotEpoch) };
  const first = entryTick(path, spec);
  const entry = now >= first.epoch ? first : undefined;
  const bid = bidPrice(spec, payout, { spot: spot.quote, now, ...(entry ? { entrySpot: entry.quote } : {}) }, options);
  return { bid, spot, entry };
}

/** The contract's `date_expiry`: a tick contract's is its exit tick's epoch once it has entered, its pricing horizon before. */
export function dateExpiryOf(spec: ContractSpec, path: PricePath, entered: boolean): number {
  return spec.expiry.kind === 'ticks' && entered ? exitEpoch(path, spec) : spec.dateExpiry;
}

function barrierOf(spec: ContractSpec, entrySpot: number): string | undefined {
  if (spec.trade.category === 'digits') return spec.barrier?.kind === 'digit' ? String(spec.barrier.digit) : undefined;
  const { barrier } = spec;
  if (!barrier || barrier.kind === 'digit') return entrySpot.toFixed(spec.symbol.pipSize);
  const level = barrier.kind === 'absolute' ? barrier.price : entrySpot + barrier.offset;
  return level.toFixed(spec.symbol.pipSize);
}

function tickStream(market: Market, spec: ContractSpec, from: number, to: number) {
  const ticks = market.path(spec.symbol.symbol).ticks(from, to).slice(0, MAX_TICK_STREAM);
  return ticks.map((tick) => ({
    epoch: tick.epoch,
    tick: tick.quote,
    tick_display_value: quoteText(tick.quote, spec.symbol.pipSize),
  }));
}

/** Why the contract cannot be sold now, or undefined (docs/trading.md, "Settlement"). */
export function sellability(
  spec: ContractSpec,
  record: ContractRecord,
  now: number,
  entered: boolean,
  expired: boolean,
): { code: string; message: string } | undefined {
  if (record.sale) return { code: 'ContractSold', message: 'This contract has been sold.' };
  if (expired) return undefined;
  if (now <= Math.floor(record.purchaseTimeMs / 1000))
    return { code: 'ContractSellValidationError', message: 'Contract cannot be sold at this time. Please try again.' };
  if (!entered) return { code: 'ContractSellValidationError', message: 'Waiting for entry tick.' };
  if (spec.expiry.kind === 'ticks' || spec.trade.category === 'digits')
    return { code: 'ContractSellValidationError', message: 'Resale of this contract is not offered.' };
  // Expired, but the exit tick is not final until a later tick exists.
  if (now >= spec.dateExpiry)
    return {
      code: 'ContractSellValidationError',
      message: 'Please wait for contract settlement. The final settlement price may differ from the indicative price.',
    };
  // The sale is the opposite contract bought now, to the same expiry: too close to it, that is not offered.
  if (!fixedExpiryOffered(spec.trade, spec.dateExpiry - now))
    return { code: 'ContractSellValidationError', message: 'Trading is not offered for this duration.' };
  return undefined;
}

/** When the contract's view stops changing by itself: once decided, only the sale is to come. */
export function viewSettlesBy(record: ContractRecord, market: Market): number {
  const spec = specFromTerms(record.terms);
  return decidedBy(market.path(spec.symbol.symbol), spec);
}
