import { symbolSpec } from '../market/symbols.js';
import type { AccumulatorSpec } from './accumulator-spec.js';
import {
  ACCUMULATOR_MAX_PAYOUT,
  ACCUMULATOR_STAKE,
  GROWTH_RATES,
  type GrowthRate,
  tickSizeBarrier,
} from './accumulator-terms.js';
import { barrierText } from './barrier-input.js';
import { decimalPlaces, MONEY_DECIMALS } from './money.js';
import { ok, refused, tradingErrors, type Checked } from './trading-errors.js';
import { isParams, stakeOnlyTerms, type Params, type ValidationContext } from './validate-contract.js';

/** The half-width is kept to this many decimals: what the shortcode writes and settlement uses are one number. */
const TICK_SIZE_BARRIER_DECIMALS = 12;

/** The most a take profit may be: the profit at the maximum payout (docs/trading.md, "Accumulators"). */
export function maxTakeProfit(stake: number): number {
  return ACCUMULATOR_MAX_PAYOUT - stake;
}

function isGrowthRate(value: unknown): value is GrowthRate {
  return (GROWTH_RATES as readonly unknown[]).includes(value);
}

/**
 * Creation: what an accumulator must not have (barriers, an expiry, a forward start, a
 * multiplier's parameters, a stop loss) and the growth rate it must have.
 */
function creationRefusal(params: Params): Checked<never> | undefined {
  for (const field of ['barrier', 'barrier2'] as const) {
    const text = barrierText(params[field], field);
    if (!text.ok) return text;
    if (text.value !== undefined) return refused(tradingErrors.barrierNotAllowed());
  }
  for (const field of ['duration', 'date_expiry'] as const)
    if (params[field] !== undefined) return refused(tradingErrors.invalidExpiryInput(field, 'ACCU'));
  if (params.date_start !== undefined && params.date_start !== 0) {
    if (!Number.isInteger(params.date_start)) return refused(tradingErrors.inputValidation('date_start'));
    return refused(tradingErrors.startNotOffered());
  }
  for (const field of ['multiplier', 'cancellation'] as const)
    if (params[field] !== undefined) return refused(tradingErrors.notValidInput(field, 'ACCU'));
  const orders = params.limit_order;
  if (orders !== undefined) {
    if (typeof orders !== 'object' || orders === null || Array.isArray(orders))
      return refused(tradingErrors.inputValidation('limit_order'));
    for (const key of Object.keys(orders)) {
      if (key === 'stop_loss') return refused(tradingErrors.notValidInput('stop_loss', 'ACCU'));
      if (key !== 'take_profit') return refused(tradingErrors.inputValidation(`limit_order.${key}`));
    }
  }
  return undefined;
}

/** `limit_order.take_profit` at purchase: above 0, at most the profit at the maximum payout, to the cent. */
function takeProfitOf(params: Params, stake: number): Checked<number | undefined> {
  const value = (params.limit_order as { take_profit?: unknown } | undefined)?.take_profit;
  if (value === undefined) return ok(undefined);
  return checkedTakeProfit(value, stake);
}

/**
 * `contract_update`'s `limit_order` for an accumulator: only `take_profit`, checked as at
 * purchase, or `null` to remove it; a `stop_loss` is refused as at purchase.
 */
export function accumulatorTakeProfitChange(input: unknown, stake: number): Checked<{ takeProfit: number | null }> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return refused(tradingErrors.inputValidation('limit_order'));
  const given = input as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (key === 'stop_loss') return refused(tradingErrors.notValidInput('stop_loss', 'ACCU'));
    if (key !== 'take_profit') return refused(tradingErrors.inputValidation(`limit_order.${key}`));
  }
  if (given.take_profit === undefined) return refused(tradingErrors.inputValidation('take_profit'));
  if (given.take_profit === null) return ok({ takeProfit: null });
  const checked = checkedTakeProfit(given.take_profit, stake);
  return checked.ok ? ok({ takeProfit: checked.value }) : checked;
}

function checkedTakeProfit(value: unknown, stake: number): Checked<number> {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return refused(tradingErrors.inputValidation('take_profit'));
  if (value <= 0) return refused(tradingErrors.limitOrderTooLow('take_profit', 0));
  if (value > maxTakeProfit(stake)) return refused(tradingErrors.takeProfitTooHigh(maxTakeProfit(stake)));
  if (decimalPlaces(value) > MONEY_DECIMALS) return refused(tradingErrors.takeProfitDecimals());
  return ok(value);
}

/**
 * Checks an ACCU proposal (or `buy.parameters`) and returns the contract, with its barriers'
 * half-width fixed for the symbol and the market's tick interval, or the refusal. Never throws.
 * The order follows validateMultiplier's: the schema's checks, then contract creation (symbol,
 * what it must not have, currency, amount, basis, growth rate present), then the contract's
 * validation (the growth rate one of the five, the stake limits, the take profit).
 */
export function validateAccumulator(params: unknown, context: ValidationContext): Checked<AccumulatorSpec> {
  if (!isParams(params)) return refused(tradingErrors.inputValidation('parameters'));
  if (params.contract_type !== 'ACCU') return refused(tradingErrors.inputValidation('contract_type'));
  if (typeof params.symbol !== 'string') return refused(tradingErrors.inputValidation('symbol'));
  const symbol = symbolSpec(params.symbol);
  if (!symbol) return refused(tradingErrors.assetNotOffered());

  const created = creationRefusal(params);
  if (created) return created;
  const money = stakeOnlyTerms(params, context);
  if (!money.ok) return money;
  const rate = params.growth_rate;
  if (rate === undefined) return refused(tradingErrors.missingParameter('growth_rate'));
  if (typeof rate !== 'number' || !Number.isFinite(rate)) return refused(tradingErrors.inputValidation('growth_rate'));

  if (!isGrowthRate(rate)) return refused(tradingErrors.growthRateOutOfRange(GROWTH_RATES));
  const { stake } = money.value;
  if (stake < ACCUMULATOR_STAKE.min) return refused(tradingErrors.stakeBelowMinimum(ACCUMULATOR_STAKE.min));
  if (stake > ACCUMULATOR_STAKE.max) return refused(tradingErrors.stakeAboveMaximum(ACCUMULATOR_STAKE.max));
  const takeProfit = takeProfitOf(params, stake);
  if (!takeProfit.ok) return takeProfit;

  const intervalSeconds = context.intervals?.[symbol.symbol] ?? symbol.intervalSeconds;
  const halfWidth = tickSizeBarrier(rate, symbol.sigma, intervalSeconds);
  return ok({
    kind: 'accumulator',
    contractType: 'ACCU',
    symbol,
    intervalSeconds,
    currency: money.value.currency,
    stake,
    growthRate: rate,
    tickSizeBarrier: Number(halfWidth.toFixed(TICK_SIZE_BARRIER_DECIMALS)),
    ...(takeProfit.value === undefined ? {} : { takeProfit: takeProfit.value }),
    dateStart: context.now,
  });
}
