import type { PricePath } from './price-path.js';

/** A symbol's price at one epoch, with the spread around it. */
export interface PricedTick {
  epoch: number;
  quote: number;
  bid: number;
  ask: number;
}

/**
 * One live tick as the market publishes it: plain numbers, nothing serialised. Whoever listens
 * (a stream, a proposal) reads the numbers; the stream layer serialises a tick once and keeps
 * the bytes with it, so listeners that never send it pay nothing.
 */
export interface Tick extends Readonly<PricedTick> {
  readonly symbol: string;
  /** Decimal places of the symbol's prices. */
  readonly pipSize: number;
}

/** The live candle of one granularity after a tick: where it stands, as numbers. */
export interface CandleUpdate {
  readonly symbol: string;
  readonly pipSize: number;
  readonly granularity: number;
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** The tick that moved it. */
  readonly epoch: number;
}

export type TickListener = (tick: Tick) => void;
export type CandleListener = (candle: CandleUpdate) => void;

/** What a feed reports after publishing a tick (benchmarks and monitoring read it). */
export interface TickPublished {
  symbol: string;
  epoch: number;
  /** When the send loop started: ms since the epoch with sub-millisecond precision. */
  publishedAt: number;
  /** Tick and candle listeners served. */
  subscribers: number;
  /** How long handing the tick to every subscriber's socket took. */
  sendLoopMs: number;
}

/** What a live feed needs of the market. Its own type, so the feed and the market do not import each other. */
export interface MarketPrices {
  latestEpoch(symbol: string): number;
  path(symbol: string): PricePath;
  tick(symbol: string, epoch: number): PricedTick;
}
