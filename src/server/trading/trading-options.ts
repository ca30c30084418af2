/**
 * The house's terms: markups (as probabilities added to the theoretical one), the minimum
 * commission and the stake and payout limits. The one place their defaults live; they come from
 * the docs/trading.md, "Offerings" and "Pricing" (Deriv's tests and 2025 live prices).
 */
export interface TradingOptions {
  /** Rise/fall, rise/fall equal and higher/lower. 0.012 reproduces Deriv's R_100 tests; its R_50 test used 0.015. */
  readonly riseFallMarkup: number;
  /** Touch/no touch. */
  readonly touchMarkup: number;
  /** Added to `touchMarkup` for tick-duration touch contracts. */
  readonly tickTouchSurcharge: number;
  /** Digits. 0.0168 fits 2025 live prices (stake 2 → payout 3.87); older Deriv tests used 0.01. */
  readonly digitsMarkup: number;
  /** The least commission per contract, in USD: the markup is at least this over the payout. */
  readonly minCommission: number;
  readonly minStake: number;
  readonly maxPayout: number;
  readonly maxDigitsPayout: number;
  /** Multipliers' stake limits (the reference's 2024 config: 1 to 2 000). */
  readonly multiplierMinStake: number;
  readonly multiplierMaxStake: number;
  /** What the house adds to a deal cancellation's price, as a fraction of it (the reference's 5 %). */
  readonly cancellationMarkup: number;
}

export const DEFAULT_TRADING_OPTIONS: TradingOptions = Object.freeze({
  riseFallMarkup: 0.012,
  touchMarkup: 0.012,
  tickTouchSurcharge: 0.02,
  digitsMarkup: 0.0168,
  minCommission: 0.02,
  minStake: 0.35,
  maxPayout: 50_000,
  maxDigitsPayout: 30_000,
  multiplierMinStake: 1,
  multiplierMaxStake: 2_000,
  cancellationMarkup: 0.05,
});

/** The defaults with `overrides` applied. Throws RangeError on a value that is not a finite number ≥ 0 (a configuration error). */
export function resolveTradingOptions(overrides: Partial<TradingOptions> = {}): TradingOptions {
  const resolved = { ...DEFAULT_TRADING_OPTIONS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_TRADING_OPTIONS)) throw new RangeError(`unknown trading option ${key}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new RangeError(`trading option ${key} must be a number ≥ 0, got ${String(value)}`);
    (resolved as Record<string, number>)[key] = value;
  }
  return Object.freeze(resolved);
}

/** A trading file's JSON (`serve --trading FILE`): an object of known terms, each a number ≥ 0, checked as createServer checks them. */
export function parseTradingConfig(value: unknown): Partial<TradingOptions> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RangeError('trading file: must be a JSON object of trading terms');
  try {
    resolveTradingOptions(value as Partial<TradingOptions>);
  } catch (error) {
    throw new RangeError(`trading file: ${(error as Error).message}`);
  }
  return value as Partial<TradingOptions>;
}
