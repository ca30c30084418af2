import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../../src/server/store/redis/redis-store.js';
import type { Store } from '../../../src/server/store/store.js';
import { REDIS_SERVER_PATH, startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { storeContract } from './store-contract.js';

// One redis-server for the file; each store gets a prefix of its own (a fresh, empty store), and
// its peer the same prefix (a second node on the same data).
let server: RedisServer | undefined;
let stores = 0;
const prefixes = new WeakMap<Store, string>();

describe.skipIf(REDIS_SERVER_PATH === undefined)('RedisStore', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    const stopped = server!;
    await stopped.stop();
    // Stopped means gone: signal 0 to its PID finds no process.
    expect(() => process.kill(stopped.pid, 0)).toThrow();
  });

  const open = async (prefix: string) => {
    const store = await RedisStore.open({ url: server!.url, prefix });
    prefixes.set(store, prefix);
    return store;
  };

  storeContract('Redis (one key prefix per store)', {
    open: () => open(`test${++stores}:`),
    openPeer: (store) => open(prefixes.get(store)!),
    propertyRuns: 50,
  });

  it('an unreachable Redis is StoreUnavailable at open', async () => {
    const error = await RedisStore.open({ url: 'redis://127.0.0.1:1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'StoreUnavailable',
      message: 'the store could not commit: connect ECONNREFUSED 127.0.0.1:1',
    });
  });
});
