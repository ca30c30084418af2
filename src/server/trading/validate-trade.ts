import { isMultiplierContractType } from './multiplier-offerings.js';
import type { TradeSpec } from './trade-spec.js';
import type { Checked } from './trading-errors.js';
import type { TradingOptions } from './trading-options.js';
import { validateAccumulator } from './validate-accumulator.js';
import { validateContract, type ValidationContext } from './validate-contract.js';
import { validateMultiplier } from './validate-multiplier.js';

/** A proposal's (or `buy.parameters`') contract, whichever kind its `contract_type` names: a multiplier, an accumulator or a binary. */
export function validateTrade(
  params: unknown,
  context: ValidationContext,
  options: TradingOptions,
): Checked<TradeSpec> {
  const type =
    typeof params === 'object' && params !== null ? (params as Record<string, unknown>).contract_type : undefined;
  if (isMultiplierContractType(type)) return validateMultiplier(params, context, options);
  if (type === 'ACCU') return validateAccumulator(params, context);
  return validateContract(params, context);
}
