/**
 * The multipliers' offerings table: which multipliers each volatility index takes, its
 * commission, and the deal cancellation windows, as docs/trading.md, "Multipliers" lists them
 * (Deriv's 2024 multiplier config for the common landing company). `contracts_for` rows and
 * validation are both read from here.
 */

export type MultiplierContractType = 'MULTUP' | 'MULTDOWN';

export const MULTIPLIER_CONTRACT_TYPES = [
  { contractType: 'MULTUP', display: 'Multiply Up', sentiment: 'up' },
  { contractType: 'MULTDOWN', display: 'Multiply Down', sentiment: 'down' },
] as const satisfies readonly { contractType: MultiplierContractType; display: string; sentiment: string }[];

export function isMultiplierContractType(value: unknown): value is MultiplierContractType {
  return value === 'MULTUP' || value === 'MULTDOWN';
}

/** One symbol's multiplier terms. */
export interface SymbolMultipliers {
  /** The multipliers offered, ascending (`contracts_for`'s `multiplier_range`). */
  readonly multipliers: readonly number[];
  /** The commission as a fraction of the notional (stake × multiplier), charged once, at entry. */
  readonly commission: number;
}

const R_10 = { multipliers: [100, 200, 300, 500, 1000], commission: 5.0366e-5 };
const R_25 = { multipliers: [50, 100, 150, 250, 500], commission: 1.2592e-4 };
const R_50 = { multipliers: [20, 40, 60, 100, 200], commission: 2.5183e-4 };
const R_75 = { multipliers: [15, 30, 50, 75, 150], commission: 3.7775e-4 };
const R_100 = { multipliers: [10, 20, 30, 50, 100], commission: 5.0366e-4 };

/** By symbol; the 1-second indices take their 2-second twin's multipliers, and 1HZ10V and 1HZ100V a commission of their own. */
export const SYMBOL_MULTIPLIERS: Readonly<Record<string, SymbolMultipliers>> = {
  R_10,
  R_25,
  R_50,
  R_75,
  R_100,
  '1HZ10V': { ...R_10, commission: 3.5614e-5 },
  '1HZ25V': R_25,
  '1HZ50V': R_50,
  '1HZ75V': R_75,
  '1HZ100V': { ...R_100, commission: 3.5614e-4 },
};

/** The deal cancellation windows, as `cancellation` takes them and `cancellation_range` lists them. */
export const CANCELLATION_DURATIONS = ['5m', '10m', '15m', '30m', '60m'] as const;
export type CancellationDuration = (typeof CANCELLATION_DURATIONS)[number];

export function isCancellationDuration(value: unknown): value is CancellationDuration {
  return typeof value === 'string' && (CANCELLATION_DURATIONS as readonly string[]).includes(value);
}

/** A cancellation window in seconds: "5m" is 300. */
export function cancellationSeconds(duration: CancellationDuration): number {
  return Number(duration.slice(0, -1)) * 60;
}

/**
 * The least take profit or stop loss, in the account's currency: the reference's "Please enter a
 * take profit amount that's higher than 0.10." gives it for take profit; stop loss gets the same
 * (our choice).
 */
export const MIN_LIMIT_ORDER_AMOUNT = 0.1;
