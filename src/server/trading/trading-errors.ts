import { ApiError } from '../api-error.js';

/**
 * A refused contract, as data: the pure trading modules return these instead of throwing, so
 * garbage input can never crash a handler. `field` becomes `details.field` on the wire.
 */
export interface TradingError {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: TradingError };

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refused = <T = never>(error: TradingError): Checked<T> => ({ ok: false, error });

function error(code: string, message: string, field?: string): TradingError {
  return field === undefined ? { code, message } : { code, message, field };
}

/**
 * Made once: `toLocaleString` with options builds a new formatter on every call (about 40 µs
 * here, against 0.6 µs to format with this one), and every buy and every streamed proposal
 * message prints money.
 */
const MONEY_FORMAT = new Intl.NumberFormat('en-US', {
  useGrouping: false,
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Money as the messages print it: two decimals, never in exponent form. */
export function moneyText(amount: number): string {
  // A whole number of cents (nearly every amount: prices are rounded to cents) is printed from
  // its digits: a formatter call costs about 10 µs, and a buy prints three. Anything else, and
  // negative zero, goes to the formatter, which the fast path agrees with (a property test).
  // Below 1e9 the product amount × 100 is off by far less than the 1e-6 tolerance, so an
  // accepted amount lies within 1e-7 of its cents; above it, a double's own spacing nears a cent.
  const cents = Math.round(amount * 100);
  if (amount > 0 && amount < 1e9 && Math.abs(amount * 100 - cents) < 1e-6) {
    const fraction = cents % 100;
    return `${(cents - fraction) / 100}.${fraction < 10 ? '0' : ''}${fraction}`;
  }
  return MONEY_FORMAT.format(amount);
}

/**
 * The real server's codes and English texts (docs/trading.md, "Offerings" and "Errors"), word for word, so clients that
 * match on text keep working. Texts the reference does not give are our choices, listed in
 * docs/trading.md.
 */
export const tradingErrors = {
  /** A field the schema would refuse (missing, wrong type, outside its pattern or enum). */
  inputValidation: (field: string) => error('InputValidationFailed', `Input validation failed: ${field}`, field),
  missingParameter: (name: string) =>
    error('ContractCreationFailure', `Missing required contract parameters (${name}).`),
  assetNotOffered: () => error('ContractCreationFailure', 'Trading is not offered for this asset.', 'symbol'),
  invalidCurrency: () => error('ContractCreationFailure', 'Invalid payout currency', 'currency'),
  typeNotOffered: () => error('OfferingsValidationError', 'Trading is not offered for this asset.', 'contract_type'),
  durationNotOffered: () => error('OfferingsValidationError', 'Trading is not offered for this duration.', 'duration'),
  /** A zero duration: the real server answers it with the other code (docs/trading.md, "Errors"). */
  zeroDuration: () => error('OfferingsValidationFailure', 'Trading is not offered for this duration.', 'duration'),
  startNotOffered: () => error('OfferingsValidationError', 'Trading is not offered for this duration.', 'date_start'),
  durationAndExpiry: () => error('ContractCreationFailure', 'Please enter only duration or date_expiry.', 'duration'),
  durationOrExpiry: () =>
    error('ContractCreationFailure', 'Please specify either duration or date_expiry.', 'duration'),
  expiryInPast: () => error('ContractBuyValidationError', 'Invalid expiry time.', 'date_expiry'),
  barrierNotAllowed: () =>
    error('ContractCreationFailure', 'Barrier is not allowed for this contract type.', 'barrier'),
  singleBarrierExpected: () =>
    error('ContractCreationFailure', 'Invalid barrier (Single barrier input is expected).', 'barrier'),
  missingDigit: () =>
    error(
      'ContractCreationFailure',
      'Missing required contract parameters (last digit prediction for digit contracts).',
      'barrier',
    ),
  barrierDecimals: (places: number) =>
    error('BarrierValidationError', `Barrier can only be up to ${places} decimal places.`, 'barrier'),
  /** A barrier at or below zero, which no price can reach (our choice of the real server's text for a barrier too far). */
  barrierOutOfRange: () => error('ContractBuyValidationError', 'Barrier is out of acceptable range.', 'barrier'),
  digitNotInteger: () =>
    error('ContractBuyValidationError', 'Barrier is not an integer in range of 0 to 9.', 'barrier'),
  digitOutOfRange: (low: number, high: number) =>
    error('ContractBuyValidationError', `Digit must be in the range of ${low} to ${high}.`, 'barrier'),
  amountDecimals: () =>
    error('InvalidAmount', 'Invalid amount. Amount provided can not have more than 2 decimal places.', 'amount'),
  stakeOutsideRange: (minStake: number, maxPayout: number, stake: number) =>
    error(
      'ContractBuyValidationError',
      `Minimum stake of ${moneyText(minStake)} and maximum payout of ${moneyText(maxPayout)}. Current stake is ${moneyText(stake)}.`,
      'amount',
    ),
  payoutOutsideRange: (minStake: number, maxPayout: number, payout: number) =>
    error(
      'ContractBuyValidationError',
      `Minimum stake of ${moneyText(minStake)} and maximum payout of ${moneyText(maxPayout)}. Current payout is ${moneyText(payout)}.`,
      'amount',
    ),
  noReturn: () => error('ContractBuyValidationError', 'This contract offers no return.', 'amount'),

  // Multipliers (docs/trading.md, "Multipliers"): the first two texts are the real server's, the others ours.
  basisMustBeStake: () => error('ContractCreationFailure', 'Basis must be stake for this contract.', 'basis'),
  multiplierOutOfRange: (accepted: readonly number[]) =>
    error(
      'ContractBuyValidationError',
      `Multiplier is not in acceptable range. Accepts ${accepted.join(',')}.`,
      'multiplier',
    ),
  /** A duration or expiry on a multiplier, which runs until it is sold or closed. */
  expiryNotAllowed: (field: 'duration' | 'date_expiry') =>
    error('ContractCreationFailure', 'Duration or expiry is not allowed for this contract type.', field),
  /** `multiplier`, `limit_order` or `cancellation` on a contract that is not a multiplier. */
  multiplierParameterNotAllowed: (field: 'multiplier' | 'limit_order' | 'cancellation') =>
    error(
      'ContractCreationFailure',
      `${MULTIPLIER_PARAMETER_NAMES[field]} is not allowed for this contract type.`,
      field,
    ),
  multiplierStakeOutsideRange: (minStake: number, maxStake: number, stake: number) =>
    error(
      'ContractBuyValidationError',
      `Minimum stake of ${moneyText(minStake)} and maximum stake of ${moneyText(maxStake)}. Current stake is ${moneyText(stake)}.`,
      'amount',
    ),
  cancellationNotOffered: () =>
    error('ContractBuyValidationError', 'Deal cancellation is not offered at this duration.', 'cancellation'),
  stopLossWithCancellation: () =>
    error(
      'ContractBuyValidationError',
      'You may use either stop loss or deal cancellation, but not both.',
      'cancellation',
    ),
  limitOrderTooLow: (order: LimitOrderName, minimum: number) =>
    error(
      'ContractBuyValidationError',
      `Please enter a ${LIMIT_ORDER_WORDS[order]} amount that's higher than ${moneyText(minimum)}.`,
      order,
    ),
  limitOrderDecimals: (order: LimitOrderName) =>
    error(
      'ContractBuyValidationError',
      `${capitalised(LIMIT_ORDER_WORDS[order])} can not have more than 2 decimal places.`,
      order,
    ),
  stopLossAboveStake: () =>
    error('ContractBuyValidationError', 'Invalid stop loss. Stop loss cannot be more than stake.', 'stop_loss'),

  // Accumulators (docs/trading.md, "Accumulators"): the real server's texts, from Deriv's own tests.
  /** A parameter of another kind of contract: `stop_loss` on an accumulator, `growth_rate` on a multiplier or a binary. */
  notValidInput: (field: string, contractType: string) =>
    error('ContractCreationFailure', `${field} is not a valid input for contract type ${contractType}.`, field),
  /** The real server's text for any contract without an expiry; our multipliers keep their own (docs/trading.md). */
  invalidExpiryInput: (field: 'duration' | 'date_expiry', contractType: string) =>
    error(
      'ContractCreationFailure',
      `Invalid input (duration or date_expiry) for this contract type (${contractType}).`,
      field,
    ),
  growthRateOutOfRange: (accepted: readonly number[]) =>
    error(
      'ContractBuyValidationError',
      `Growth rate is not in acceptable range. Accepts ${accepted.join(', ')}.`,
      'growth_rate',
    ),
  stakeBelowMinimum: (minStake: number) =>
    error(
      'ContractBuyValidationError',
      `Please enter a stake amount that's at least ${moneyText(minStake)}.`,
      'amount',
    ),
  stakeAboveMaximum: (maxStake: number) =>
    error('ContractBuyValidationError', `Maximum stake allowed is ${moneyText(maxStake)}.`, 'amount'),
  takeProfitTooHigh: (maximum: number) =>
    error(
      'ContractBuyValidationError',
      `Please enter a take profit amount that's lower than ${moneyText(maximum)}.`,
      'take_profit',
    ),
  takeProfitDecimals: () => error('ContractBuyValidationError', 'Only 2 decimal places allowed.', 'take_profit'),
} as const;

export type LimitOrderName = 'take_profit' | 'stop_loss';

const LIMIT_ORDER_WORDS: Readonly<Record<LimitOrderName, string>> = {
  take_profit: 'take profit',
  stop_loss: 'stop loss',
};

const MULTIPLIER_PARAMETER_NAMES = {
  multiplier: 'Multiplier',
  limit_order: 'Limit order',
  cancellation: 'Deal cancellation',
} as const;

const capitalised = (text: string) => text[0]!.toUpperCase() + text.slice(1);

/** The error reply a handler throws for a refused contract. */
export function tradingApiError(refusal: TradingError, msgType?: string): ApiError {
  return new ApiError(
    refusal.code,
    refusal.message,
    refusal.field === undefined ? undefined : { field: refusal.field },
    msgType,
  );
}
