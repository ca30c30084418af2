import { randomSeed, seedFrom } from '../../market/random.js';
import { DatabaseRefused } from '../../store/errors.js';
import { storeName, type ServerStoreOptions } from '../../store/server-store.js';
import { META_KEYS, type Store } from '../../store/store.js';

/**
 * The market's seed for a server on this database. The first start stores its seed (the one
 * given, or a random one), and every later start uses it: the market is a pure function of the
 * seed, so a restart without `--seed` shows the same market, and contracts bought before it
 * settle on the ticks they were bought on. A different seed asked for on a database that holds
 * one is refused, since its open contracts would settle on another market.
 */
export async function storedMarketSeed(
  store: Store,
  given: number | string | undefined,
  /** Where the store is, for the refusal: an SQLite file, or a Redis (and prefix). */
  where: Pick<ServerStoreOptions, 'db' | 'redis'>,
): Promise<number> {
  const asked = given === undefined ? undefined : seedFrom(given);
  const kept = Number(await store.setOnce(META_KEYS.marketSeed, String(asked ?? randomSeed())));
  if (asked !== undefined && asked !== kept) {
    const elsewhere = where.redis === undefined ? 'another --db' : 'another --redis (or prefix)';
    throw new DatabaseRefused(
      'SeedMismatch',
      storeName(where),
      `keeps the market of seed ${kept}: start without --seed, with --seed ${kept}, or on ${elsewhere}`,
    );
  }
  return kept;
}
