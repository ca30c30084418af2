import type { DerivClient } from '../src/client/index.js';

/** Often enough that the countdown never skips a second. */
const REFRESH_MS = 250;

/**
 * Shows when the client's next keep-alive ping is due. The client has no event for this (it
 * would fire on every message), so the view asks `nextPingInMs` a few times a second.
 */
export class KeepAliveView {
  readonly #text: HTMLElement;
  readonly #bar: HTMLProgressElement;
  #client: DerivClient | undefined;

  constructor(text: HTMLElement, bar: HTMLProgressElement, intervalMs: number) {
    this.#text = text;
    this.#bar = bar;
    this.#bar.max = intervalMs;
    setInterval(() => this.#render(), REFRESH_MS);
    this.#render();
  }

  track(client: DerivClient | undefined): void {
    this.#client = client;
    this.#render();
  }

  #render(): void {
    const client = this.#client;
    const dueInMs = client?.nextPingInMs;
    if (client === undefined || client.state.status !== 'open') this.#show('not connected', 0);
    // Open but nothing scheduled: a ping is out and the client is waiting for its pong.
    else if (dueInMs === undefined) this.#show('waiting for pong…', 0);
    else this.#show(`in ${Math.ceil(dueInMs / 1_000)} s`, dueInMs);
  }

  #show(text: string, remainingMs: number): void {
    if (this.#text.textContent !== text) this.#text.textContent = text;
    this.#bar.value = remainingMs;
  }
}
