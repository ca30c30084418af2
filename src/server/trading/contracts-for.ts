import { symbolSpec, type SymbolSpec } from '../market/symbols.js';
import { GROWTH_RATES } from './accumulator-terms.js';
import { durationText, SECONDS_PER_DAY } from './durations.js';
import { yearsOf } from './pricing-time.js';
import { CANCELLATION_DURATIONS, MULTIPLIER_CONTRACT_TYPES, SYMBOL_MULTIPLIERS } from './multiplier-offerings.js';
import { expiryRanges, TRADE_TYPES, type ExpiryRange, type OfferedType, type TradeType } from './offerings.js';
import { ok, refused, type Checked, type TradingError } from './trading-errors.js';

/** One `contracts_for.available[]` row: a contract type × expiry type × start type × barrier category. */
export interface ContractsForRow {
  barrier?: string;
  barrier_category: string;
  barriers: number;
  cancellation_range?: string[];
  contract_category: string;
  contract_category_display: string;
  contract_display: string;
  contract_type: string;
  exchange_name: 'RANDOM';
  expiry_type: string;
  growth_rate_range?: number[];
  last_digit_range?: number[];
  market: 'synthetic_index';
  max_contract_duration: string;
  min_contract_duration: string;
  multiplier_range?: number[];
  sentiment: string;
  start_type: 'spot';
  submarket: 'random_index';
  underlying_symbol: string;
}

export interface ContractsForPayload {
  available: ContractsForRow[];
  close: number;
  feed_license: 'realtime';
  hit_count: number;
  non_available: never[];
  open: number;
  spot: number;
}

export interface ContractsForContext {
  /** Server time: the trading day's open and close are today's 00:00:00 and 23:59:59 UTC. */
  readonly now: number;
  /** The symbol's latest quote; default barriers are set around it. */
  readonly spot: number;
  /** `landing_company_short` (default virtual). Volatility indices trade under virtual and svg only. */
  readonly landingCompany?: string;
  /** The market's tick interval overrides by symbol. */
  readonly intervals?: Readonly<Record<string, number>>;
}

/** Landing companies whose clients trade the volatility indices' binaries. */
const TRADING_COMPANIES: ReadonlySet<string> = new Set(['virtual', 'svg']);

/**
 * The default barrier of a row (our choice; Deriv's own rule is not public): one standard
 * deviation of the price over the row's shortest duration, at least one pip. Relative for tick
 * and intraday rows ("+2.1454"), absolute for daily ones, as in a real reply.
 */
function defaultBarrier(symbol: SymbolSpec, spot: number, range: ExpiryRange, intervalSeconds: number): string {
  const seconds =
    range.unit === 't' ? range.min * intervalSeconds : range.unit === 'd' ? range.min * SECONDS_PER_DAY : range.min;
  const offset = Math.max(symbol.pip, spot * symbol.sigma * Math.sqrt(yearsOf(seconds)));
  if (range.expiryType === 'daily') return (spot + offset).toFixed(symbol.pipSize);
  return `+${offset.toFixed(symbol.pipSize)}`;
}

function row(
  symbol: SymbolSpec,
  trade: TradeType,
  type: OfferedType,
  range: ExpiryRange,
  barrier: string | undefined,
): ContractsForRow {
  return {
    ...(barrier === undefined ? {} : { barrier }),
    barrier_category: trade.barrierCategory,
    barriers: type.barrier === 'none' ? 0 : 1,
    contract_category: trade.category,
    contract_category_display: trade.categoryDisplay,
    contract_display: type.display,
    contract_type: type.contractType,
    exchange_name: 'RANDOM',
    expiry_type: range.expiryType,
    ...(type.lastDigitRange ? { last_digit_range: [...type.lastDigitRange] } : {}),
    market: 'synthetic_index',
    max_contract_duration: durationText(range.max, range.unit),
    min_contract_duration: durationText(range.min, range.unit),
    sentiment: type.sentiment,
    start_type: 'spot',
    submarket: 'random_index',
    underlying_symbol: symbol.symbol,
  };
}

/**
 * A multiplier row, as a real reply has it: no expiry (`no_expiry`, durations "0"), no barrier,
 * the symbol's multipliers and the cancellation windows.
 */
function multiplierRows(symbol: SymbolSpec): ContractsForRow[] {
  const terms = SYMBOL_MULTIPLIERS[symbol.symbol];
  if (!terms) return [];
  return MULTIPLIER_CONTRACT_TYPES.map((type) => ({
    barrier_category: 'american',
    barriers: 0,
    cancellation_range: [...CANCELLATION_DURATIONS],
    contract_category: 'multiplier',
    contract_category_display: 'Multiply Up/Multiply Down',
    contract_display: type.display,
    contract_type: type.contractType,
    exchange_name: 'RANDOM',
    expiry_type: 'no_expiry',
    market: 'synthetic_index',
    max_contract_duration: '0',
    min_contract_duration: '0',
    multiplier_range: [...terms.multipliers],
    sentiment: type.sentiment,
    start_type: 'spot',
    submarket: 'random_index',
    underlying_symbol: symbol.symbol,
  }));
}

/**
 * The accumulator row (docs/trading.md, "Accumulators"): no expiry, two barriers that move with
 * the spot, the growth rates. Its category, display texts and sentiment are our choices.
 */
function accumulatorRow(symbol: SymbolSpec): ContractsForRow {
  return {
    barrier_category: 'american',
    barriers: 2,
    contract_category: 'accumulator',
    contract_category_display: 'Accumulator',
    contract_display: 'Accumulator',
    contract_type: 'ACCU',
    exchange_name: 'RANDOM',
    expiry_type: 'no_expiry',
    growth_rate_range: [...GROWTH_RATES],
    market: 'synthetic_index',
    max_contract_duration: '0',
    min_contract_duration: '0',
    sentiment: 'low_vol',
    start_type: 'spot',
    submarket: 'random_index',
    underlying_symbol: symbol.symbol,
  };
}

/** Rows in the real reply's order: by category, expiry type, start type, barrier category, then the category's types. */
function rowOrder(a: ContractsForRow, b: ContractsForRow): number {
  const key = (r: ContractsForRow) => [r.contract_category, r.expiry_type, r.start_type, r.barrier_category];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

export function invalidSymbol(symbol: string): TradingError {
  return { code: 'InvalidSymbol', message: `Symbol ${symbol} invalid.` };
}

/**
 * The `contracts_for` payload of a volatility index, generated from the offerings table that
 * `validateContract` checks against: every row's durations validate, and nothing else does.
 * Forward-starting rows are left out, as forward starts are not offered here.
 */
export function contractsFor(symbolName: string, context: ContractsForContext): Checked<ContractsForPayload> {
  const symbol = symbolSpec(symbolName);
  if (!symbol) return refused(invalidSymbol(symbolName));
  const intervalSeconds = context.intervals?.[symbol.symbol] ?? symbol.intervalSeconds;
  const trading = TRADING_COMPANIES.has(context.landingCompany ?? 'virtual');
  const trades = trading ? TRADE_TYPES : [];
  const binaries = trades.flatMap((trade) =>
    expiryRanges(trade).flatMap((range) =>
      trade.types.map((type) =>
        row(
          symbol,
          trade,
          type,
          range,
          type.barrier === 'price' ? defaultBarrier(symbol, context.spot, range, intervalSeconds) : undefined,
        ),
      ),
    ),
  );
  const others = trading ? [...multiplierRows(symbol), accumulatorRow(symbol)] : [];
  const available = [...binaries, ...others].sort(rowOrder);
  const open = Math.floor(context.now / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  return ok({
    available,
    close: open + SECONDS_PER_DAY - 1,
    feed_license: 'realtime',
    hit_count: available.length,
    non_available: [],
    open,
    spot: context.spot,
  });
}
