import type { Clock } from '../clock.js';
import { TickFeed } from './feed.js';
import { PricePath } from './price-path.js';
import { randomSeed, seedFrom } from './random.js';
import { SYMBOLS, symbolSpec, type SymbolSpec } from './symbols.js';
import type { MarketPrices, PricedTick, TickPublished } from './tick.js';

/**
 * How far back the market's history reaches from now: three years, the real server's rule for
 * `ticks_history` (a `start` older than that is not honoured, docs/PROTOCOL-NOTES.md,
 * "Market data and streams"). The price path itself spans centuries either side of 2026;
 * history is kept to the range a client can expect.
 */
export const HISTORY_SECONDS = 3 * 365 * 86_400;

export interface MarketOptions {
  /** Makes the market reproducible: every process with the same seed shows the same ticks. Default: random. */
  seed?: number | string;
  /** Tick interval overrides in seconds, by symbol (default: 2 s for R_*, 1 s for 1HZ*). */
  intervals?: Readonly<Record<string, number>>;
  /** Told after every published tick: when, to how many subscribers, and how long the send loop took. */
  onTick?: (event: TickPublished) => void;
}

/**
 * The simulated market: one price path and one live feed per symbol. Prices are a pure
 * function of (seed, symbol, epoch), so history needs no storage and any process with the
 * same seed agrees on every tick.
 */
export class Market implements MarketPrices {
  readonly seed: number;
  readonly #paths = new Map<string, PricePath>();
  readonly #feeds = new Map<string, TickFeed>();
  readonly #onTick: ((event: TickPublished) => void) | undefined;

  constructor(
    options: MarketOptions,
    private readonly clock: Clock,
  ) {
    this.#onTick = options.onTick;
    this.seed = options.seed === undefined ? randomSeed() : seedFrom(options.seed);
    for (const spec of SYMBOLS)
      this.#paths.set(spec.symbol, new PricePath(this.seed, spec, options.intervals?.[spec.symbol]));
  }

  get symbols(): readonly SymbolSpec[] {
    return SYMBOLS;
  }

  spec(symbol: string): SymbolSpec | undefined {
    return this.#paths.has(symbol) ? symbolSpec(symbol) : undefined;
  }

  path(symbol: string): PricePath {
    const path = this.#paths.get(symbol);
    if (!path) throw new RangeError(`unknown symbol ${symbol}`);
    return path;
  }

  /** The epoch of the most recent tick at clock time now. */
  latestEpoch(symbol: string): number {
    return this.path(symbol).tickEpochAtOrBefore(Math.floor(this.clock.now() / 1000));
  }

  tick(symbol: string, epoch: number): PricedTick {
    const spec = this.spec(symbol)!;
    const quote = this.path(symbol).quoteAt(epoch);
    // Half a spread of 0.005 % of the price, at least one pip: R_50 at 187 quotes ±0.0094,
    // close to the ±0.01 seen on the real R_50.
    const half = Math.max(spec.pip, quote * 0.00005);
    return { epoch, quote, bid: roundToPip(quote - half, spec.pipSize), ask: roundToPip(quote + half, spec.pipSize) };
  }

  /** The live feed of a symbol, created on first use; it only runs while it has subscribers. */
  feed(symbol: string): TickFeed {
    let feed = this.#feeds.get(symbol);
    if (!feed) {
      feed = new TickFeed(this, this.spec(symbol)!, this.clock, this.#onTick);
      this.#feeds.set(symbol, feed);
    }
    return feed;
  }

  close(): void {
    for (const feed of this.#feeds.values()) feed.stop();
  }
}

export function roundToPip(value: number, pipSize: number): number {
  return Number(value.toFixed(pipSize));
}
