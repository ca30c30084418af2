import { symbolSpec } from '../market/symbols.js';
import { barrierText } from './barrier-input.js';
import { limitOrderChange } from './limit-orders.js';
import {
  cancellationSeconds,
  isCancellationDuration,
  isMultiplierContractType,
  SYMBOL_MULTIPLIERS,
} from './multiplier-offerings.js';
import type { LimitOrders, MultiplierSpec } from './multiplier-spec.js';
import { cancellationFee, commissionRate } from './multiplier-value.js';
import { ok, refused, tradingErrors, type Checked } from './trading-errors.js';
import type { TradingOptions } from './trading-options.js';
import { isParams, stakeOnlyTerms, type Params, type ValidationContext } from './validate-contract.js';

/** Creation: the parameters a multiplier must have, and those it must not (barriers, an expiry, a forward start). */
function creationRefusal(params: Params): Checked<never> | undefined {
  for (const field of ['barrier', 'barrier2'] as const) {
    const text = barrierText(params[field], field);
    if (!text.ok) return text;
    if (text.value !== undefined) return refused(tradingErrors.barrierNotAllowed());
  }
  if (params.duration !== undefined) return refused(tradingErrors.expiryNotAllowed('duration'));
  if (params.date_expiry !== undefined) return refused(tradingErrors.expiryNotAllowed('date_expiry'));
  if (params.date_start !== undefined && params.date_start !== 0) {
    if (!Number.isInteger(params.date_start)) return refused(tradingErrors.inputValidation('date_start'));
    return refused(tradingErrors.startNotOffered());
  }
  return undefined;
}

/** `limit_order` at purchase: amounts only (nothing to remove yet), and no stop loss beside deal cancellation. */
function purchaseOrders(params: Params, stake: number): Checked<LimitOrders> {
  if (params.limit_order === undefined) return ok({});
  const change = limitOrderChange(params.limit_order, stake, false);
  if (!change.ok) return change;
  const { takeProfit, stopLoss } = change.value;
  if (stopLoss != null && params.cancellation !== undefined) return refused(tradingErrors.stopLossWithCancellation());
  return ok({ ...(takeProfit != null ? { takeProfit } : {}), ...(stopLoss != null ? { stopLoss } : {}) });
}

/**
 * Checks a MULTUP or MULTDOWN proposal (or `buy.parameters`) and returns the contract, with its
 * commission rate and cancellation fee fixed, or the refusal. Never throws. The order follows
 * validateContract's: the schema's checks, then contract creation (type, symbol, barriers,
 * currency, amount, basis, multiplier present, no expiry), then the contract's validation
 * (multiplier in the symbol's set, cancellation window, limit orders, stake limits).
 */
export function validateMultiplier(
  params: unknown,
  context: ValidationContext,
  options: TradingOptions,
): Checked<MultiplierSpec> {
  if (!isParams(params)) return refused(tradingErrors.inputValidation('parameters'));
  const contractType = params.contract_type;
  if (!isMultiplierContractType(contractType)) return refused(tradingErrors.inputValidation('contract_type'));
  if (typeof params.symbol !== 'string') return refused(tradingErrors.inputValidation('symbol'));
  const symbol = symbolSpec(params.symbol);
  const terms = symbol && SYMBOL_MULTIPLIERS[symbol.symbol];
  if (!symbol || !terms) return refused(tradingErrors.assetNotOffered());

  const created = creationRefusal(params);
  if (created) return created;
  if (params.growth_rate !== undefined) return refused(tradingErrors.notValidInput('growth_rate', contractType));
  const money = stakeOnlyTerms(params, context);
  if (!money.ok) return money;
  const { multiplier, cancellation } = params;
  if (multiplier === undefined) return refused(tradingErrors.missingParameter('multiplier'));
  if (typeof multiplier !== 'number' || !Number.isFinite(multiplier))
    return refused(tradingErrors.inputValidation('multiplier'));

  if (!terms.multipliers.includes(multiplier)) return refused(tradingErrors.multiplierOutOfRange(terms.multipliers));
  if (cancellation !== undefined && !isCancellationDuration(cancellation))
    return refused(
      typeof cancellation === 'string'
        ? tradingErrors.cancellationNotOffered()
        : tradingErrors.inputValidation('cancellation'),
    );
  const { stake } = money.value;
  const orders = purchaseOrders(params, stake);
  if (!orders.ok) return orders;
  if (stake < options.multiplierMinStake || stake > options.multiplierMaxStake)
    return refused(
      tradingErrors.multiplierStakeOutsideRange(options.multiplierMinStake, options.multiplierMaxStake, stake),
    );

  return ok({
    kind: 'multiplier',
    contractType,
    symbol,
    intervalSeconds: context.intervals?.[symbol.symbol] ?? symbol.intervalSeconds,
    currency: money.value.currency,
    stake,
    multiplier,
    commission: commissionRate(terms.commission, stake, multiplier, options.minCommission),
    limitOrders: orders.value,
    ...(cancellation === undefined
      ? {}
      : {
          cancellation: {
            duration: cancellation,
            fee: cancellationFee(
              stake,
              multiplier,
              symbol.sigma,
              cancellationSeconds(cancellation),
              options.cancellationMarkup,
            ),
          },
        }),
    dateStart: context.now,
  });
}
