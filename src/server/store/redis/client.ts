import { createClient } from 'redis';
import { STORE_SCRIPTS } from './scripts.js';

/**
 * A node-redis client with the store's scripts as commands (EVALSHA, and EVAL again after a
 * NOSCRIPT). Until `hasConnected()` says it once got through, a failed connection is final (a
 * node started against an unreachable Redis says so at once); afterwards it reconnects with
 * backoff, 50 ms doubling to 2 s, with jitter, and calls fail while it does.
 */
export function createStoreClient(url: string, hasConnected: () => boolean) {
  return createClient({
    url,
    scripts: STORE_SCRIPTS,
    // A call made while Redis is away fails at once (StoreUnavailable) rather than waiting in a
    // queue to be applied whenever Redis is back, long after its caller gave up.
    disableOfflineQueue: true,
    socket: {
      reconnectStrategy: (retries: number, cause: Error) =>
        hasConnected() ? Math.min(50 * 2 ** retries, 2_000) * (0.5 + Math.random() / 2) : cause,
    },
  });
}

export type StoreClient = ReturnType<typeof createStoreClient>;

/**
 * Loads every script before the first write. node-redis sends EVALSHA and falls back to EVAL on
 * NOSCRIPT; a write that falls back is sent again after later writes went through, out of the
 * order they were requested in. Loading first means that only happens after Redis lost its
 * script cache (a restart), never in normal running.
 */
export async function loadScripts(client: StoreClient): Promise<void> {
  await Promise.all(Object.values(STORE_SCRIPTS).map((script) => client.scriptLoad(script.SCRIPT)));
}
