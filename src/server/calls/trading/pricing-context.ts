import type { Market } from '../../market/market.js';
import { isBinarySpec, type TradeSpec } from '../../trading/trade-spec.js';
import { tradingApiError, type Checked } from '../../trading/trading-errors.js';

/** Each market's intervals, read once: a market's paths and their intervals are fixed when it is made. */
const INTERVALS = new WeakMap<Market, Readonly<Record<string, number>>>();

/** The market's tick interval of every symbol: validation and contracts_for measure tick durations by it. */
export function marketIntervals(market: Market): Readonly<Record<string, number>> {
  let intervals = INTERVALS.get(market);
  if (!intervals) {
    intervals = Object.freeze(
      Object.fromEntries(market.symbols.map((spec) => [spec.symbol, market.path(spec.symbol).intervalSeconds])),
    );
    INTERVALS.set(market, intervals);
  }
  return intervals;
}

/** The symbol's spot now: its latest tick's quote, and that tick's epoch. */
export function spotOf(market: Market, symbol: string): { spot: number; epoch: number } {
  const epoch = market.latestEpoch(symbol);
  // The tick's quote (`market.tick(...).quote`), without the bid and ask a tick rounds to the pip.
  return { spot: market.path(symbol).quoteAt(epoch), epoch };
}

/** The value, or the refusal as the error reply of `msgType`. */
export function accepted<T>(checked: Checked<T>, msgType: string): T {
  if (!checked.ok) throw tradingApiError(checked.error, msgType);
  return checked.value;
}

/**
 * Contracts whose price cannot move while they are offered, which the real server prices once
 * and never streams (docs/trading.md, "Calls"): digits, and at-the-money rise/fall, whose strike moves with
 * the spot. They get an id and a subscription, and no updates (docs/trading.md).
 */
export function isConstantPrice(spec: TradeSpec): boolean {
  // A multiplier's limit orders' spot levels, an accumulator's barriers, move with the spot.
  if (!isBinarySpec(spec)) return false;
  return spec.trade.category === 'digits' || spec.trade.barrierCategory === 'euro_atm';
}

/** The request's contract parameters in one order: the same contract asked twice has one key. */
export function contractKey(parameters: Record<string, unknown>): string {
  const fields = [
    'contract_type',
    'symbol',
    'currency',
    'basis',
    'amount',
    'duration',
    'duration_unit',
    'date_expiry',
    'date_start',
    'barrier',
    'barrier2',
    'multiplier',
    'limit_order',
    'cancellation',
    'growth_rate',
  ];
  return JSON.stringify(fields.map((field) => parameters[field] ?? null));
}
