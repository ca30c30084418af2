import type { DerivClient } from '../src/client/index.js';
import { describeError } from './describe-error.js';

/** Long enough for a slow link, short enough that a dead one is reported while the user still waits. */
const PING_TIMEOUT_MS = 5_000;

/** The Ping button: sends `{"ping": 1}` and shows the round trip, from the click to the pong. */
export function bindPingButton(
  button: HTMLButtonElement,
  output: HTMLElement,
  currentClient: () => DerivClient | undefined,
): void {
  // Only the latest click may write its result; an older, slower one must not overwrite it.
  let latest = 0;
  const show = (text: string, status: 'ok' | 'pending' | 'problem') => {
    output.textContent = text;
    output.dataset.status = status;
  };
  button.addEventListener('click', async () => {
    const client = currentClient();
    if (!client) return show('not connected', 'problem');
    const click = ++latest;
    show('…', 'pending');
    const started = performance.now();
    try {
      await client.send({ ping: 1 }, { timeoutMs: PING_TIMEOUT_MS });
      if (click === latest) show(`${Math.round(performance.now() - started)} ms`, 'ok');
    } catch (error) {
      if (click === latest) show(describeError(error), 'problem');
    }
  });
}
