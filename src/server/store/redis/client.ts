import { createClient } from 'redis';
import { reconnectOnceConnected } from '../../redis-client.js';
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
    socket: { reconnectStrategy: reconnectOnceConnected(hasConnected) },
  });
}

export type StoreClient = ReturnType<typeof createStoreClient>;
