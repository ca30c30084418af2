import type { AccumulatorSpec } from './accumulator-spec.js';
import type { ContractSpec } from './contract-spec.js';
import type { MultiplierSpec } from './multiplier-spec.js';

/**
 * Whatever a proposal or a buy may describe: a binary contract, a multiplier or an accumulator.
 * Each kind has its own spec; the two without an expiry say which they are by `kind`.
 */
export type TradeSpec = ContractSpec | MultiplierSpec | AccumulatorSpec;

export function isMultiplierSpec(spec: TradeSpec): spec is MultiplierSpec {
  return (spec as Partial<MultiplierSpec>).kind === 'multiplier';
}

export function isAccumulatorSpec(spec: TradeSpec): spec is AccumulatorSpec {
  return (spec as Partial<AccumulatorSpec>).kind === 'accumulator';
}

/** A binary contract: one with an expiry and a payout, priced by a quote. */
export function isBinarySpec(spec: TradeSpec): spec is ContractSpec {
  return !('kind' in spec);
}
