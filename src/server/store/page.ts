import { InvalidQuery } from './errors.js';

/**
 * Refuses a page that is not whole numbers from 0. Both stores ask: SQLite reads a negative
 * LIMIT as "no limit", and Redis a negative count as "everything", so a bad page size must
 * never reach either and read a whole ledger.
 */
export function requirePage(limit: number, offset: number): void {
  for (const [name, value] of [
    ['limit', limit],
    ['offset', offset],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new InvalidQuery(`${name} must be a whole number, 0 or more, not ${value}`);
  }
}
