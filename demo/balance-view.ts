import type { DerivClient } from '../src/client/index.js';
import { LatestStream } from './latest-stream.js';
import { money } from './money.js';

/**
 * The account's balance, live: a `balance` stream, which the server updates on every buy, sale
 * and settlement. After a reconnect the client re-authorizes and asks for it again.
 */
export class BalanceView {
  readonly #output: HTMLElement;
  readonly #stream = new LatestStream();

  constructor(output: HTMLElement) {
    this.#output = output;
  }

  /** Follows this client's account, or nobody's (`undefined`: not connected or not authorized). */
  follow(client: DerivClient | undefined, failed: (error: unknown) => void): void {
    this.#show('—');
    void this.#stream.switchTo(() => {
      if (!client) return undefined;
      try {
        const stream = client.subscribe({ balance: 1 });
        stream.on('data', ({ balance }) => {
          if (balance) this.#show(`${money(balance.balance)} ${balance.currency}`);
        });
        stream.on('error', failed);
        return () => stream.unsubscribe();
      } catch (error) {
        failed(error);
        return undefined;
      }
    });
  }

  #show(text: string): void {
    this.#output.textContent = text;
  }
}
