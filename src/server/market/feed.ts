import type { Clock } from '../clock.js';
import type { SymbolSpec } from './symbols.js';
import type { CandleListener, CandleUpdate, MarketPrices, Tick, TickListener, TickPublished } from './tick.js';

/** The candle being built for one granularity, and who watches it. */
interface LiveCandle {
  granularity: number;
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  listeners: Set<CandleListener>;
}

/**
 * One symbol's live ticks, shared by every subscriber on every connection. Each tick is
 * priced once and handed to every listener as the same plain object (the stream layer
 * serialises it once for all of its subscribers). The timer runs only while someone listens.
 */
export class TickFeed {
  readonly #tickListeners = new Set<TickListener>();
  readonly #candles = new Map<number, LiveCandle>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastEpoch = 0;

  constructor(
    private readonly market: MarketPrices,
    private readonly spec: SymbolSpec,
    private readonly clock: Clock,
    private readonly onPublished?: (event: TickPublished) => void,
  ) {}

  get subscriberCount(): number {
    let count = this.#tickListeners.size;
    for (const candle of this.#candles.values()) count += candle.listeners.size;
    return count;
  }

  /** Calls `listener` with every new tick. Returns the unsubscribe function. */
  onTick(listener: TickListener): () => void {
    this.#tickListeners.add(listener);
    this.#start();
    return () => {
      this.#tickListeners.delete(listener);
      this.#stopIfIdle();
    };
  }

  /** Calls `listener` with the live candle of that granularity after every tick. */
  onCandle(granularity: number, listener: CandleListener): () => void {
    let candle = this.#candles.get(granularity);
    if (!candle) {
      candle = this.#openCandle(granularity, this.market.latestEpoch(this.spec.symbol));
      this.#candles.set(granularity, candle);
    }
    candle.listeners.add(listener);
    this.#start();
    return () => {
      candle.listeners.delete(listener);
      if (candle.listeners.size === 0) this.#candles.delete(granularity);
      this.#stopIfIdle();
    };
  }

  stop(): void {
    this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    this.#lastEpoch = this.market.latestEpoch(this.spec.symbol);
    this.#schedule();
  }

  #stopIfIdle(): void {
    if (this.subscriberCount === 0) this.stop();
  }

  #schedule(): void {
    const nextEpoch = this.#lastEpoch + this.market.path(this.spec.symbol).intervalSeconds;
    this.#timer = this.clock.setTimeout(() => this.#onTimer(), nextEpoch * 1000 - this.clock.now());
  }

  #onTimer(): void {
    // After a stall, publish only the newest due tick, as a live feed would; never a burst.
    const due = this.market.latestEpoch(this.spec.symbol);
    if (due > this.#lastEpoch) this.#publish(due);
    this.#schedule();
  }

  #publish(epoch: number): void {
    this.#lastEpoch = epoch;
    const started = performance.now();
    const { quote, bid, ask } = this.market.tick(this.spec.symbol, epoch);
    if (this.#tickListeners.size > 0) {
      const tick: Tick = { symbol: this.spec.symbol, epoch, quote, bid, ask, pipSize: this.spec.pipSize };
      for (const listener of this.#tickListeners) listener(tick);
    }
    for (const candle of this.#candles.values()) this.#advanceCandle(candle, epoch, quote);
    this.onPublished?.({
      symbol: this.spec.symbol,
      epoch,
      publishedAt: performance.timeOrigin + started,
      subscribers: this.subscriberCount,
      sendLoopMs: performance.now() - started,
    });
  }

  #openCandle(granularity: number, latestEpoch: number): LiveCandle {
    const openTime = latestEpoch - (latestEpoch % granularity);
    const ticks = this.market.path(this.spec.symbol).ticks(openTime, latestEpoch);
    const first = ticks[0]?.quote ?? 0;
    const candle: LiveCandle = {
      granularity,
      openTime,
      open: first,
      high: first,
      low: first,
      close: first,
      listeners: new Set(),
    };
    for (const { quote } of ticks) {
      candle.high = Math.max(candle.high, quote);
      candle.low = Math.min(candle.low, quote);
      candle.close = quote;
    }
    return candle;
  }

  #advanceCandle(candle: LiveCandle, epoch: number, quote: number): void {
    const openTime = epoch - (epoch % candle.granularity);
    if (openTime !== candle.openTime) {
      Object.assign(candle, { openTime, open: quote, high: quote, low: quote });
    }
    candle.high = Math.max(candle.high, quote);
    candle.low = Math.min(candle.low, quote);
    candle.close = quote;
    if (candle.listeners.size === 0) return;
    // A new object for every tick: listeners may keep it, and its serialised bytes with it.
    const { granularity, open, high, low, close } = candle;
    const update: CandleUpdate = {
      symbol: this.spec.symbol,
      pipSize: this.spec.pipSize,
      granularity,
      openTime: candle.openTime,
      open,
      high,
      low,
      close,
      epoch,
    };
    for (const listener of candle.listeners) listener(update);
  }
}
