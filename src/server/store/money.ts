import { InvalidAmount } from './errors.js';
import type { Cents } from './store.js';

/** Cents from a decimal amount in currency units (an accounts file's `balance`): 10000.5 → 1000050. */
export function centsFromAmount(amount: number): Cents {
  return Math.round(amount * 100);
}

/** The decimal amount of `cents`, as the protocol's number fields carry it: 1000050 → 10000.5. */
export function amountFromCents(cents: Cents): number {
  return cents / 100;
}

/**
 * Refuses what is not a whole number of cents from `min` up. The top is the largest integer a
 * double holds exactly: beyond it, sums stop being exact, and the store's promise is exact money.
 */
export function requireCents(what: string, value: unknown, min: 0 | 1): asserts value is Cents {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidAmount(
      what,
      min === 0 ? 'a whole number of cents, 0 or more' : 'a whole number of cents above 0',
      value,
    );
  }
}
