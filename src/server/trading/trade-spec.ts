import type { ContractSpec } from './contract-spec.js';
import type { MultiplierSpec } from './multiplier-spec.js';

/** Whatever a proposal or a buy may describe: a binary contract or a multiplier, which says so by `kind`. */
export type TradeSpec = ContractSpec | MultiplierSpec;

export function isMultiplierSpec(spec: TradeSpec): spec is MultiplierSpec {
  return (spec as Partial<MultiplierSpec>).kind === 'multiplier';
}

/** A binary contract: one with an expiry and a payout, priced by a quote. */
export function isBinarySpec(spec: TradeSpec): spec is ContractSpec {
  return !('kind' in spec);
}
