/**
 * What a node's Redis clients (the store's and the rate limits') share: how they reconnect, and
 * how they connect the first time.
 */

/**
 * node-redis's `reconnectStrategy`: none before the first connection (an unreachable Redis at
 * start is an error at once, not a loop), then a jittered backoff up to 2 s.
 */
export function reconnectOnceConnected(hasConnected: () => boolean) {
  return (retries: number, cause: Error): number | Error =>
    hasConnected() ? Math.min(50 * 2 ** retries, 2_000) * (0.5 + Math.random() / 2) : cause;
}

interface ScriptedClient {
  connect(): Promise<unknown>;
  readonly isOpen: boolean;
  destroy(): void;
  scriptLoad(script: string): Promise<unknown>;
}

/**
 * Connects, then loads every script before the first call (node-redis falls back from EVALSHA to
 * EVAL on NOSCRIPT and sends that call again after later ones: loading first keeps them in order
 * until Redis loses its script cache). On failure the client is destroyed and the error thrown,
 * for the caller to name.
 */
export async function connectWithScripts(
  client: ScriptedClient,
  scripts: Record<string, { readonly SCRIPT: string }>,
  connected: () => void,
): Promise<void> {
  try {
    await client.connect();
    connected();
    await Promise.all(Object.values(scripts).map((script) => client.scriptLoad(script.SCRIPT)));
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw error;
  }
}

/**
 * `sent`'s answer, or `timedOut()` thrown once `ms` pass first. node-redis's own command timeout
 * covers only the wait to be written: a Redis that has stopped reading (paused, `DEBUG SLEEP`,
 * a dead link) would leave a written call waiting for ever. `sent` itself runs on: for a write
 * the caller no longer waits for, what it did is learnt when Redis answers.
 */
export async function withDeadline<T>(sent: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  try {
    return await Promise.race([sent, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
