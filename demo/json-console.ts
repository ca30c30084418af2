import type { DerivClient } from '../src/client/index.js';
import { describeError } from './describe-error.js';
import { shorten } from './message-summary.js';
import { withoutSecrets } from './secrets.js';

/** A full `active_symbols` from the real server is ~100 kB; the box shows the start of anything that long. */
const MAX_REPLY_LENGTH = 20_000;

export interface JsonConsoleElements {
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  reply: HTMLElement;
}

/**
 * The box where any request can be typed and sent with `client.send` (the button, or
 * Ctrl/⌘+Enter). The reply, or the error the call rejected with (`UnrecognisedRequest:
 * Unrecognised request`), shows below it; text that is not a JSON object is refused here,
 * before anything is sent.
 */
export function bindJsonConsole(
  { input, send, reply }: JsonConsoleElements,
  currentClient: () => DerivClient | undefined,
): void {
  // Only the latest request may write its result.
  let latest = 0;
  const show = (text: string, status: 'reply' | 'error' | 'problem' | 'pending') => {
    reply.textContent = text;
    reply.dataset.status = status;
  };
  const sendTyped = async () => {
    const request = parseRequest(input.value);
    if (typeof request === 'string') return show(request, 'problem');
    const client = currentClient();
    if (!client) return show('Not connected: press Connect first.', 'problem');
    const attempt = ++latest;
    show('waiting for the reply…', 'pending');
    try {
      // Whatever was typed goes out as is, unchecked by the types: the server judges it.
      const answer = await client.send(request as Parameters<DerivClient['send']>[0]);
      if (attempt === latest) show(shorten(JSON.stringify(withoutSecrets(answer), null, 2), MAX_REPLY_LENGTH), 'reply');
    } catch (error) {
      if (attempt === latest) show(describeError(error), 'error');
    }
  };
  send.addEventListener('click', () => void sendTyped());
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    void sendTyped();
  });
}

/** The request as an object, or why the text is not one. */
function parseRequest(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Invalid JSON: ${(error as Error).message}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'A request is a JSON object, such as {"time": 1}.';
  return value as Record<string, unknown>;
}
