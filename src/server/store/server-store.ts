import { parseAccountsConfig, type AccountsConfig } from '../accounts/accounts-config.js';
import type { Clock } from '../clock.js';
import { redisTarget, type RedisOption } from '../server-options.js';
import { ensureDemoAccount, seedAccounts } from './seed.js';
import { OPTION_DEFAULTS } from '../option-table.js';
import { RedisStore } from './redis/redis-store.js';
import { SqliteStore } from './sqlite-store.js';
import { resumeStoredClock } from './stored-clock.js';
import type { Store } from './store.js';

export interface ServerStoreOptions {
  /** The SQLite file a server opens when given no store. Default `:memory:`, which keeps nothing. */
  db?: string | undefined;
  /** A fleet's Redis instead of SQLite (`ServerOptions.redis`): a RedisStore the server opens and closes. */
  redis?: string | RedisOption | undefined;
  /** A store of the caller's own: used as it is, and not closed with the server. */
  store?: Store | undefined;
  /** Accounts to add to the store if it lacks them (an existing account keeps its balance). */
  accounts?: AccountsConfig | undefined;
}

export interface ServerStore {
  readonly store: Store;
  /** The demo account's token, when the server made (or found) one. A secret. */
  readonly demoToken: string | undefined;
  /** Closes the store if the server opened it; a store of the caller's stays open. */
  release(): Promise<void>;
}

/**
 * The store a server uses: the caller's, or an SQLite database it opens. It is seeded from
 * `accounts` when given; given neither accounts nor a store, the demo account is made once
 * per database, so every start on the same file has the same demo token. A store of the
 * caller's is theirs to fill (a cluster's primary has seeded the one its workers reach).
 */
export async function openServerStore(options: ServerStoreOptions, clock: Clock): Promise<ServerStore> {
  // Checked before the database is opened: a bad accounts file leaves no file behind.
  const config = options.accounts && parseAccountsConfig(options.accounts);
  if (options.store !== undefined && options.redis !== undefined)
    throw new TypeError('store and redis cannot both be given: the store is one or the other');
  const owned = options.store === undefined;
  const store = options.store ?? (await openOwnStore(options, clock));
  try {
    // Before any row is written: the rows' times are on the timeline the database keeps.
    await resumeStoredClock(store, clock, storeName(options));
    if (config) await seedAccounts(store, config);
    const demoToken = !config && owned ? (await ensureDemoAccount(store)).token : undefined;
    return { store, demoToken, release: async () => (owned ? store.close() : undefined) };
  } catch (error) {
    if (owned) await store.close();
    throw error;
  }
}

/** `db`, `redis` and `store` name one store each: given two, which was meant is unknown. */
function openOwnStore(options: ServerStoreOptions, clock: Clock): Promise<Store> | Store {
  if (options.redis === undefined) return new SqliteStore(options.db ?? OPTION_DEFAULTS.db, { clock });
  if (options.db !== undefined) throw new TypeError('db and redis cannot both be given: the store is one or the other');
  // fleetEvents: other nodes' writes reach this node's streams and its settler.
  return RedisStore.open({ ...redisTarget(options.redis), clock, fleetEvents: true });
}

/**
 * The store as a refusal names it: the SQLite file, or the Redis URL without its password (a
 * secret, never printed).
 */
export function storeName(options: Pick<ServerStoreOptions, 'db' | 'redis'>): string {
  if (options.redis === undefined) return options.db ?? OPTION_DEFAULTS.db;
  const { url } = redisTarget(options.redis);
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the Redis URL';
  }
}
