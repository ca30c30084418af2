import type { DerivClient, StreamGap, StreamMessageOf, Subscription } from '../src/client/index.js';

export interface TickFeedEvents {
  tick(epoch: number, quote: number, decimals: number): void;
  /** The connection dropped and the stream is back; the ticks in between were missed. */
  gap(symbol: string, gap: StreamGap): void;
  /** The server refused or ended the stream (`InvalidSymbol`, …), or the client was closed meanwhile. */
  failed(symbol: string, error: unknown): void;
}

/**
 * One symbol's ticks at a time. Choosing another symbol unsubscribes the old stream (the
 * client sends `forget`) before subscribing the new one, so switching back and forth never
 * meets `AlreadySubscribed`. After a reconnect the client requests the stream again under
 * the same handle, so the ticks simply carry on.
 */
export class TickFeed {
  readonly #client: DerivClient;
  readonly #events: TickFeedEvents;
  #stop: (() => Promise<void>) | undefined;
  /** Bumped by every choice: a choice overtaken while it waited for `forget` gives up. */
  #choice = 0;

  constructor(client: DerivClient, events: TickFeedEvents) {
    this.#client = client;
    this.#events = events;
  }

  async show(symbol: string): Promise<void> {
    const choice = ++this.#choice;
    const stopPrevious = this.#stop;
    this.#stop = undefined;
    await stopPrevious?.();
    if (choice !== this.#choice) return;
    let ticks: Subscription<StreamMessageOf<'ticks'>>;
    try {
      ticks = this.#client.subscribe({ ticks: symbol });
    } catch (error) {
      return this.#events.failed(symbol, error);
    }
    this.#stop = () => ticks.unsubscribe();
    ticks.on('data', ({ tick }) => {
      if (typeof tick?.epoch === 'number' && typeof tick.quote === 'number')
        this.#events.tick(tick.epoch, tick.quote, tick.pip_size ?? 2);
    });
    ticks.on('gap', (gap) => this.#events.gap(symbol, gap));
    ticks.on('error', (error) => this.#events.failed(symbol, error));
  }
}
