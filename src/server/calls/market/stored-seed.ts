import { randomSeed, seedFrom } from '../../market/random.js';
import { DatabaseRefused } from '../../store/errors.js';
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
  db: string,
  /** What to start on instead, as the refusal says: another SQLite file, or another Redis (or prefix). */
  elsewhere = 'another --db',
): Promise<number> {
  const asked = given === undefined ? undefined : seedFrom(given);
  const kept = Number(await store.setOnce(META_KEYS.marketSeed, String(asked ?? randomSeed())));
  if (asked !== undefined && asked !== kept) {
    throw new DatabaseRefused(
      'SeedMismatch',
      db,
      `keeps the market of seed ${kept}: start without --seed, with --seed ${kept}, or on ${elsewhere}`,
    );
  }
  return kept;
}
