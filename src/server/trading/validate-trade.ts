import { isMultiplierContractType } from './multiplier-offerings.js';
import type { TradeSpec } from './trade-spec.js';
import type { Checked } from './trading-errors.js';
import type { TradingOptions } from './trading-options.js';
import { validateContract, type ValidationContext } from './validate-contract.js';
import { validateMultiplier } from './validate-multiplier.js';

/** A proposal's (or `buy.parameters`') contract, whichever kind its `contract_type` names: a multiplier or a binary. */
export function validateTrade(
  params: unknown,
  context: ValidationContext,
  options: TradingOptions,
): Checked<TradeSpec> {
  const type =
    typeof params === 'object' && params !== null ? (params as Record<string, unknown>).contract_type : undefined;
  return isMultiplierContractType(type)
    ? validateMultiplier(params, context, options)
    : validateContract(params, context);
}
