import { SECONDS_PER_DAY, type DurationUnit } from './durations.js';

/**
 * The offerings table: what can be traded on the volatility indices, for how long, with which
 * barrier. `contracts_for` is generated from it and `validateContract` checks proposals against
 * it, so the two cannot disagree. Durations are the durations table (docs/trading.md, "Offerings") (Deriv's 2024 offerings
 * fixture for R_10…R_100); the 1HZ indices get the same, as on the real server. Categories,
 * displays and sentiments are the values a real `contracts_for` reply carries.
 */

export type OfferedContractType =
  | 'CALL'
  | 'PUT'
  | 'CALLE'
  | 'PUTE'
  | 'ONETOUCH'
  | 'NOTOUCH'
  | 'DIGITMATCH'
  | 'DIGITDIFF'
  | 'DIGITOVER'
  | 'DIGITUNDER'
  | 'DIGITEVEN'
  | 'DIGITODD';

export type TradeTypeName = 'risefall' | 'risefallequal' | 'higherlower' | 'touchnotouch' | 'digits';
export type ContractCategory = 'callput' | 'callputequal' | 'touchnotouch' | 'digits';
export type BarrierCategory = 'euro_atm' | 'euro_non_atm' | 'american' | 'non_financial';
export type ExpiryType = 'tick' | 'intraday' | 'daily';

/**
 * What `barrier` must be: `none` (ATM, or even/odd), a `price` (relative "+0.1"/"-0.1" or
 * absolute), or a `digit` 0–9.
 */
export type BarrierKind = 'none' | 'price' | 'digit';

export interface OfferedType {
  readonly contractType: OfferedContractType;
  readonly display: string;
  readonly sentiment: string;
  readonly barrier: BarrierKind;
  /** The digits a digit barrier may take (`contracts_for`'s `last_digit_range`). */
  readonly lastDigitRange?: readonly number[];
}

/**
 * A duration range per unit, both ends allowed, as the reference's table gives them. The
 * contracts_for rows (`expiryRanges`) are derived from these, and validation checks a duration
 * against its row, in seconds for intraday: so 120 s is a valid touch duration, as "2m" is.
 */
export type DurationRanges = Readonly<Partial<Record<DurationUnit, readonly [min: number, max: number]>>>;

export interface TradeType {
  readonly name: TradeTypeName;
  readonly category: ContractCategory;
  readonly categoryDisplay: string;
  readonly barrierCategory: BarrierCategory;
  readonly types: readonly OfferedType[];
  readonly durations: DurationRanges;
}

const DIGITS_0_TO_9 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** Time durations shared by rise/fall, rise/fall equal and higher/lower. */
const EUROPEAN_TIME = { s: [15, 86_400], m: [1, 1_440], h: [1, 24], d: [1, 365] } as const;

export const TRADE_TYPES: readonly TradeType[] = [
  {
    name: 'risefall',
    category: 'callput',
    categoryDisplay: 'Up/Down',
    barrierCategory: 'euro_atm',
    types: [
      { contractType: 'CALL', display: 'Higher', sentiment: 'up', barrier: 'none' },
      { contractType: 'PUT', display: 'Lower', sentiment: 'down', barrier: 'none' },
    ],
    durations: { t: [1, 10], ...EUROPEAN_TIME },
  },
  {
    name: 'higherlower',
    category: 'callput',
    categoryDisplay: 'Up/Down',
    barrierCategory: 'euro_non_atm',
    types: [
      { contractType: 'CALL', display: 'Higher', sentiment: 'up', barrier: 'price' },
      { contractType: 'PUT', display: 'Lower', sentiment: 'down', barrier: 'price' },
    ],
    durations: { t: [5, 10], ...EUROPEAN_TIME },
  },
  {
    name: 'risefallequal',
    category: 'callputequal',
    categoryDisplay: 'Rise/Fall Equal',
    barrierCategory: 'euro_atm',
    types: [
      { contractType: 'CALLE', display: 'Higher', sentiment: 'up', barrier: 'none' },
      { contractType: 'PUTE', display: 'Lower', sentiment: 'down', barrier: 'none' },
    ],
    durations: { t: [1, 10], ...EUROPEAN_TIME },
  },
  {
    name: 'touchnotouch',
    category: 'touchnotouch',
    categoryDisplay: 'Touch/No Touch',
    barrierCategory: 'american',
    types: [
      { contractType: 'ONETOUCH', display: 'Touches', sentiment: 'high_vol', barrier: 'price' },
      { contractType: 'NOTOUCH', display: 'Does Not Touch', sentiment: 'low_vol', barrier: 'price' },
    ],
    // The table lists no seconds for touch; its intraday row still runs from 120 s ("2m").
    durations: { t: [5, 10], m: [2, 1_440], h: [1, 24], d: [1, 365] },
  },
  {
    name: 'digits',
    category: 'digits',
    categoryDisplay: 'Digits',
    barrierCategory: 'non_financial',
    types: [
      {
        contractType: 'DIGITMATCH',
        display: 'Digit Matches',
        sentiment: 'match',
        barrier: 'digit',
        lastDigitRange: DIGITS_0_TO_9,
      },
      {
        contractType: 'DIGITDIFF',
        display: 'Digit Differs',
        sentiment: 'differ',
        barrier: 'digit',
        lastDigitRange: DIGITS_0_TO_9,
      },
      { contractType: 'DIGITODD', display: 'Digit Odd', sentiment: 'odd', barrier: 'none' },
      { contractType: 'DIGITEVEN', display: 'Digit Even', sentiment: 'even', barrier: 'none' },
      {
        contractType: 'DIGITOVER',
        display: 'Digit Over',
        sentiment: 'over',
        barrier: 'digit',
        lastDigitRange: DIGITS_0_TO_9.slice(0, 9),
      },
      {
        contractType: 'DIGITUNDER',
        display: 'Digit Under',
        sentiment: 'under',
        barrier: 'digit',
        lastDigitRange: DIGITS_0_TO_9.slice(1),
      },
    ],
    durations: { t: [1, 10] },
  },
];

const OFFERED: ReadonlySet<string> = new Set(
  TRADE_TYPES.flatMap((trade) => trade.types.map((type) => type.contractType)),
);

export function isOfferedContractType(value: string): value is OfferedContractType {
  return OFFERED.has(value);
}

function tradeTypeNamed(name: TradeTypeName): TradeType {
  return TRADE_TYPES.find((trade) => trade.name === name)!;
}

/**
 * The trade type a proposal means. CALL and PUT are rise/fall without a barrier and
 * higher/lower with one, as on the real server; every other type belongs to one trade type.
 */
export function tradeTypeOf(contractType: OfferedContractType, hasBarrier: boolean): TradeType {
  if (contractType === 'CALL' || contractType === 'PUT') return tradeTypeNamed(hasBarrier ? 'higherlower' : 'risefall');
  return TRADE_TYPES.find((trade) => trade.types.some((type) => type.contractType === contractType))!;
}

export function offeredType(trade: TradeType, contractType: OfferedContractType): OfferedType {
  return trade.types.find((type) => type.contractType === contractType)!;
}

export function expiryTypeOf(unit: DurationUnit): ExpiryType {
  return unit === 't' ? 'tick' : unit === 'd' ? 'daily' : 'intraday';
}

/**
 * One `contracts_for` row's duration limits: ticks for `tick`, seconds for `intraday` (the
 * smallest minimum and largest maximum of the s/m/h units), days for `daily`.
 */
export interface ExpiryRange {
  readonly expiryType: ExpiryType;
  readonly unit: 't' | 's' | 'd';
  readonly min: number;
  readonly max: number;
}

/**
 * Whether a contract of this trade type may run for `seconds` to a fixed expiry: within a day it is
 * intraday, beyond it daily, and each must fit its row's range. A buy with `date_expiry` asks it,
 * and so does an early sale, which the real server allows only while the opposite contract, to the
 * same expiry, could be bought.
 */
export function fixedExpiryOffered(trade: TradeType, seconds: number): boolean {
  const expiryType: ExpiryType = seconds <= SECONDS_PER_DAY ? 'intraday' : 'daily';
  const range = expiryRanges(trade).find((candidate) => candidate.expiryType === expiryType);
  const unitSeconds = expiryType === 'daily' ? SECONDS_PER_DAY : 1;
  return range !== undefined && seconds >= range.min * unitSeconds && seconds <= range.max * unitSeconds;
}

const INTRADAY_UNITS = [
  ['s', 1],
  ['m', 60],
  ['h', 3_600],
] as const;

/**
 * A trade type's `contracts_for` rows: derived from its durations once, at load, for each row of
 * the table (validation asks on every proposal and buy); a trade type not in the table is derived.
 */
export function expiryRanges(trade: TradeType): readonly ExpiryRange[] {
  return EXPIRY_RANGES.get(trade) ?? deriveExpiryRanges(trade);
}

export function deriveExpiryRanges(trade: TradeType): readonly ExpiryRange[] {
  const ranges: ExpiryRange[] = [];
  const ticks = trade.durations.t;
  if (ticks) ranges.push({ expiryType: 'tick', unit: 't', min: ticks[0], max: ticks[1] });
  const intraday = INTRADAY_UNITS.flatMap(([unit, seconds]) => {
    const range = trade.durations[unit];
    return range ? [[range[0] * seconds, range[1] * seconds] as const] : [];
  });
  if (intraday.length > 0) {
    ranges.push({
      expiryType: 'intraday',
      unit: 's',
      min: Math.min(...intraday.map(([min]) => min)),
      max: Math.max(...intraday.map(([, max]) => max)),
    });
  }
  const days = trade.durations.d;
  if (days) ranges.push({ expiryType: 'daily', unit: 'd', min: days[0], max: days[1] });
  return ranges;
}

const EXPIRY_RANGES: ReadonlyMap<TradeType, readonly ExpiryRange[]> = new Map(
  TRADE_TYPES.map((trade) => [trade, deriveExpiryRanges(trade)]),
);
