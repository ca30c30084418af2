import { symbolSpec, type SymbolSpec } from '../market/symbols.js';
import { barrierText, contractBarrier } from './barrier-input.js';
import { isProposalContractType } from './contract-types.js';
import { expiryEpoch, type ContractExpiry, type ContractSpec } from './contract-spec.js';
import { isDurationUnit, SECONDS_PER_DAY, SECONDS_PER_UNIT } from './durations.js';
import { decimalPlaces, MONEY_DECIMALS } from './money.js';
import {
  expiryRanges,
  expiryTypeOf,
  fixedExpiryOffered,
  isOfferedContractType,
  offeredType,
  tradeTypeOf,
  type ExpiryType,
  type OfferedContractType,
  type TradeType,
} from './offerings.js';
import { ok, refused, tradingErrors, type Checked } from './trading-errors.js';

export interface ValidationContext {
  /** Server time (epoch seconds): the contract starts now. */
  readonly now: number;
  /** The market's tick interval overrides by symbol (`MarketOptions.intervals`). */
  readonly intervals?: Readonly<Record<string, number>>;
  /** Payout currencies accepted. Default: USD, the only currency of the local accounts. */
  readonly currencies?: readonly string[];
}

const DEFAULT_CURRENCIES = ['USD'];

export type Params = Readonly<Record<string, unknown>>;

export function isParams(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The offered type and symbol, or why not: schema first, then "not offered". */
function contractAndSymbol(params: Params): Checked<{ contractType: OfferedContractType; symbol: SymbolSpec }> {
  const type = params.contract_type;
  if (type === undefined) return refused(tradingErrors.missingParameter('bet_type'));
  if (!isProposalContractType(type)) return refused(tradingErrors.inputValidation('contract_type'));
  if (typeof params.symbol !== 'string') return refused(tradingErrors.inputValidation('symbol'));
  if (!isOfferedContractType(type)) return refused(tradingErrors.typeNotOffered());
  const symbol = symbolSpec(params.symbol);
  if (!symbol) return refused(tradingErrors.assetNotOffered());
  return ok({ contractType: type, symbol });
}

export function currencyOf(params: Params, context: ValidationContext): Checked<string> {
  const currency = params.currency;
  if (typeof currency !== 'string') return refused(tradingErrors.inputValidation('currency'));
  if (!(context.currencies ?? DEFAULT_CURRENCIES).includes(currency)) return refused(tradingErrors.invalidCurrency());
  return ok(currency);
}

export function amountAndBasis(params: Params): Checked<{ amount: number; basis: 'payout' | 'stake' }> {
  const { amount, basis } = params;
  if (amount === undefined) return refused(tradingErrors.missingParameter('amount'));
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
    return refused(tradingErrors.inputValidation('amount'));
  if (basis === undefined) return refused(tradingErrors.missingParameter('basis'));
  if (basis !== 'payout' && basis !== 'stake') return refused(tradingErrors.inputValidation('basis'));
  if (decimalPlaces(amount) > MONEY_DECIMALS) return refused(tradingErrors.amountDecimals());
  return ok({ amount, basis });
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The most an app may add, as `app_register` documents it: 3 % of the payout. */
const MAX_APP_MARKUP_PERCENTAGE = 3;

/** `app_markup_percentage` (a `buy` parameter) as a fraction of the payout; 0 when not given. */
/**
 * The money terms of a stake-only contract (a multiplier, an accumulator), in creation's order:
 * the currency, the amount and a basis of stake, and an app markup checked for its range only (it
 * is not charged on these kinds).
 */
export function stakeOnlyTerms(
  params: Params,
  context: ValidationContext,
): Checked<{ currency: string; stake: number }> {
  const currency = currencyOf(params, context);
  if (!currency.ok) return currency;
  const money = amountAndBasis(params);
  if (!money.ok) return money;
  if (money.value.basis !== 'stake') return refused(tradingErrors.basisMustBeStake());
  const appMarkup = appMarkupOf(params);
  if (!appMarkup.ok) return appMarkup;
  return ok({ currency: currency.value, stake: money.value.amount });
}

export function appMarkupOf(params: Params): Checked<number> {
  const percentage = params.app_markup_percentage;
  if (percentage === undefined) return ok(0);
  if (typeof percentage !== 'number' || !(percentage >= 0 && percentage <= MAX_APP_MARKUP_PERCENTAGE))
    return refused(tradingErrors.inputValidation('app_markup_percentage'));
  return ok(percentage / 100);
}

/** `duration` + `duration_unit` (default seconds) or `date_expiry`, checked against the trade type's ranges. */
function contractExpiry(
  params: Params,
  trade: TradeType,
  now: number,
): Checked<{ expiry: ContractExpiry; expiryType: ExpiryType }> {
  const { duration, date_expiry: dateExpiry } = params;
  const unit = params.duration_unit ?? 's';
  if (duration !== undefined && dateExpiry !== undefined) return refused(tradingErrors.durationAndExpiry());
  if (duration === undefined && dateExpiry === undefined) return refused(tradingErrors.durationOrExpiry());
  if (params.date_start !== undefined && params.date_start !== 0) {
    if (!isWholeNumber(params.date_start)) return refused(tradingErrors.inputValidation('date_start'));
    return refused(tradingErrors.startNotOffered());
  }

  if (duration !== undefined) {
    if (!isWholeNumber(duration)) return refused(tradingErrors.inputValidation('duration'));
    if (!isDurationUnit(unit)) return refused(tradingErrors.inputValidation('duration_unit'));
    if (duration <= 0) return refused(tradingErrors.zeroDuration());
    // Checked against the contracts_for row of its expiry type, in the row's unit (ticks, seconds or days).
    const expiryType = expiryTypeOf(unit);
    const range = expiryRanges(trade).find((candidate) => candidate.expiryType === expiryType);
    const inRowUnits = unit === 't' || unit === 'd' ? duration : duration * SECONDS_PER_UNIT[unit];
    if (!range || inRowUnits < range.min || inRowUnits > range.max) return refused(tradingErrors.durationNotOffered());
    const expiry: ContractExpiry =
      unit === 't' ? { kind: 'ticks', ticks: duration } : { kind: 'duration', amount: duration, unit };
    return ok({ expiry, expiryType });
  }

  if (!isWholeNumber(dateExpiry)) return refused(tradingErrors.inputValidation('date_expiry'));
  if (dateExpiry <= now) return refused(tradingErrors.expiryInPast());
  const seconds = dateExpiry - now;
  if (!fixedExpiryOffered(trade, seconds)) return refused(tradingErrors.durationNotOffered());
  return ok({ expiry: { kind: 'fixed', dateExpiry }, expiryType: seconds <= SECONDS_PER_DAY ? 'intraday' : 'daily' });
}

/**
 * Checks a `proposal` (or `buy.parameters`) against the offerings table and returns the contract
 * it describes, or the real server's refusal. Never throws, whatever `params` holds. The order
 * follows the real server's layers: the schema's checks, then contract creation (types, missing
 * parameters, barriers present or not), then offerings (durations), then the contract's own
 * validation (barrier and digit values). Limits on stake and payout need a price: `quoteContract`.
 */
export function validateContract(params: unknown, context: ValidationContext): Checked<ContractSpec> {
  if (!isParams(params)) return refused(tradingErrors.inputValidation('parameters'));
  const identity = contractAndSymbol(params);
  if (!identity.ok) return identity;
  const { contractType, symbol } = identity.value;
  for (const field of ['multiplier', 'limit_order', 'cancellation'] as const)
    if (params[field] !== undefined) return refused(tradingErrors.multiplierParameterNotAllowed(field));
  if (params.growth_rate !== undefined) return refused(tradingErrors.notValidInput('growth_rate', contractType));

  const barrierInput = barrierText(params.barrier, 'barrier');
  if (!barrierInput.ok) return barrierInput;
  if (params.barrier2 !== undefined) {
    const second = barrierText(params.barrier2, 'barrier2');
    return second.ok ? refused(tradingErrors.singleBarrierExpected()) : second;
  }
  const currency = currencyOf(params, context);
  if (!currency.ok) return currency;
  const money = amountAndBasis(params);
  if (!money.ok) return money;
  const appMarkup = appMarkupOf(params);
  if (!appMarkup.ok) return appMarkup;

  const trade = tradeTypeOf(contractType, barrierInput.value !== undefined);
  const kind = offeredType(trade, contractType).barrier;
  const barrier = contractBarrier(kind, barrierInput.value, contractType, symbol.pipSize);
  // Whether a barrier may be given at all is contract creation; its value is checked after offerings.
  if (!barrier.ok && barrier.error.code === 'ContractCreationFailure') return barrier;

  const ending = contractExpiry(params, trade, context.now);
  if (!ending.ok) return ending;
  if (!barrier.ok) return barrier;

  const intervalSeconds = context.intervals?.[symbol.symbol] ?? symbol.intervalSeconds;
  const spec: ContractSpec = {
    contractType,
    trade,
    symbol,
    intervalSeconds,
    currency: currency.value,
    basis: money.value.basis,
    amount: money.value.amount,
    expiry: ending.value.expiry,
    expiryType: ending.value.expiryType,
    dateStart: context.now,
    dateExpiry: expiryEpoch(ending.value.expiry, context.now, intervalSeconds),
    ...(barrier.value === undefined ? {} : { barrier: barrier.value }),
    ...(appMarkup.value ? { appMarkup: appMarkup.value } : {}),
  };
  return ok(spec);
}
