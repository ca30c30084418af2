import type { SymbolSpec } from '../market/symbols.js';
import { SECONDS_PER_DAY, SECONDS_PER_UNIT, type TimeUnit } from './durations.js';
import type { ExpiryType, OfferedContractType, TradeType } from './offerings.js';

/** A price barrier as the client gave it: an offset from the entry spot, or a price. */
export type PriceBarrier =
  | { readonly kind: 'relative'; readonly offset: number }
  | { readonly kind: 'absolute'; readonly price: number };

export type ContractBarrier = PriceBarrier | { readonly kind: 'digit'; readonly digit: number };

/** How the contract ends: after N ticks, after a duration from its start, or at a fixed time. */
export type ContractExpiry =
  | { readonly kind: 'ticks'; readonly ticks: number }
  | { readonly kind: 'duration'; readonly amount: number; readonly unit: TimeUnit }
  | { readonly kind: 'fixed'; readonly dateExpiry: number };

/** A proposal's parameters once validated against the offerings table: everything pricing, codes and settlement need. */
export interface ContractSpec {
  readonly contractType: OfferedContractType;
  readonly trade: TradeType;
  readonly symbol: SymbolSpec;
  /** Seconds between this symbol's ticks (the market's, which may override the symbol's default). */
  readonly intervalSeconds: number;
  readonly currency: string;
  readonly basis: 'payout' | 'stake';
  readonly amount: number;
  readonly expiry: ContractExpiry;
  readonly expiryType: ExpiryType;
  readonly barrier?: ContractBarrier;
  /** The start: the time it was priced (a proposal) or bought. */
  readonly dateStart: number;
  /**
   * When it expires. For tick contracts this is the pricing horizon, start + ticks × interval
   * (docs/trading.md, "Pricing"); the settlement's exit tick decides the real end.
   */
  readonly dateExpiry: number;
  /** What the app adds to the ask, as a fraction of the payout (`app_markup_percentage` / 100); none by default. */
  readonly appMarkup?: number;
}

/**
 * The expiry of a contract started at `start`. Day durations end at 23:59:59 UTC of the day N
 * days after the start's day, the close of a volatility index's trading day (a choice; see
 * docs/trading.md).
 */
export function expiryEpoch(expiry: ContractExpiry, start: number, intervalSeconds: number): number {
  switch (expiry.kind) {
    case 'ticks':
      return start + expiry.ticks * intervalSeconds;
    case 'fixed':
      return expiry.dateExpiry;
    case 'duration':
      if (expiry.unit === 'd') return (Math.floor(start / SECONDS_PER_DAY) + expiry.amount + 1) * SECONDS_PER_DAY - 1;
      return start + expiry.amount * SECONDS_PER_UNIT[expiry.unit];
  }
}

/**
 * The same contract started at `now`: a proposal stream reprices this way on every tick, and a
 * buy fixes its times this way at purchase. A fixed expiry stays where it is.
 */
export function startedAt(contract: ContractSpec, now: number): ContractSpec {
  return { ...contract, dateStart: now, dateExpiry: expiryEpoch(contract.expiry, now, contract.intervalSeconds) };
}

/**
 * What a contract is, apart from when it starts, as one string: everything `startedAt` keeps.
 * Two contracts with the same terms started at the same moment are the same contract, priced
 * alike at the same spot (`quoteContract` is a function of the contract, the moment and the
 * options), so proposal streams with the same terms can share one price per tick. The symbol
 * and trade type are named, not written out: each name is one row of its table.
 */
export function contractTerms(contract: ContractSpec): string {
  const { dateStart: _start, dateExpiry: _expiry, symbol, trade, ...rest } = contract;
  return JSON.stringify({ symbol: symbol.symbol, trade: trade.name, ...rest });
}

/** A price barrier's level given the spot it is relative to, on the symbol's pip. */
export function barrierLevel(barrier: PriceBarrier, referenceSpot: number, pipSize: number): number {
  const level = barrier.kind === 'absolute' ? barrier.price : referenceSpot + barrier.offset;
  return Number(level.toFixed(pipSize));
}

/** Whether a contract pays on the spot at the start (ATM rise/fall, rise/fall equal). */
export function isAtTheMoney(contract: ContractSpec): boolean {
  return contract.trade.barrierCategory === 'euro_atm';
}
