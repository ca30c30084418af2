import type { DerivClient, StreamGap, StreamMessageOf, Subscription } from '../src/client/index.js';
import { LatestStream } from './latest-stream.js';

export interface TickFeedEvents {
  tick(epoch: number, quote: number, decimals: number): void;
  /** The connection dropped and the stream is back; the ticks in between were missed. */
  gap(symbol: string, gap: StreamGap): void;
  /** The server refused or ended the stream (`InvalidSymbol`, …), or the client was closed meanwhile. */
  failed(symbol: string, error: unknown): void;
}

/**
 * One symbol's ticks at a time: choosing another symbol forgets the old stream first
 * (`LatestStream`). After a reconnect the client requests the stream again under the same
 * handle, so the ticks simply carry on.
 */
export class TickFeed {
  readonly #client: DerivClient;
  readonly #events: TickFeedEvents;
  readonly #stream = new LatestStream();

  constructor(client: DerivClient, events: TickFeedEvents) {
    this.#client = client;
    this.#events = events;
  }

  show(symbol: string): Promise<void> {
    return this.#stream.switchTo(() => {
      let ticks: Subscription<StreamMessageOf<'ticks'>>;
      try {
        ticks = this.#client.subscribe({ ticks: symbol });
      } catch (error) {
        this.#events.failed(symbol, error);
        return undefined;
      }
      ticks.on('data', ({ tick }) => {
        if (typeof tick?.epoch === 'number' && typeof tick.quote === 'number')
          this.#events.tick(tick.epoch, tick.quote, tick.pip_size ?? 2);
      });
      ticks.on('gap', (gap) => this.#events.gap(symbol, gap));
      ticks.on('error', (error) => this.#events.failed(symbol, error));
      return () => ticks.unsubscribe();
    });
  }
}
