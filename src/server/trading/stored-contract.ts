import { symbolSpec } from '../market/symbols.js';
import type { AccumulatorSpec } from './accumulator-spec.js';
import { GROWTH_RATES } from './accumulator-terms.js';
import type { ContractSpec } from './contract-spec.js';
import { isMultiplierContractType } from './multiplier-offerings.js';
import type { MultiplierSpec } from './multiplier-spec.js';
import { isAccumulatorSpec, isMultiplierSpec, type TradeSpec } from './trade-spec.js';
import { isOfferedContractType, tradeTypeOf } from './offerings.js';

/** A spec as the store keeps it (`ContractRecord.terms`): the table rows by name, not by object. */
type StoredSpec = Omit<ContractSpec, 'symbol' | 'trade'> & { readonly symbol: string; readonly trade: string };
type StoredMultiplier = Omit<MultiplierSpec, 'symbol'> & { readonly symbol: string };
type StoredAccumulator = Omit<AccumulatorSpec, 'symbol'> & { readonly symbol: string };

/** The spec as JSON: enough to price and settle it again after a restart, from the market alone. */
export function storedTerms(spec: TradeSpec): string {
  if (isMultiplierSpec(spec)) {
    const stored: StoredMultiplier = { ...spec, symbol: spec.symbol.symbol };
    return JSON.stringify(stored);
  }
  if (isAccumulatorSpec(spec)) {
    const stored: StoredAccumulator = { ...spec, symbol: spec.symbol.symbol };
    return JSON.stringify(stored);
  }
  const stored: StoredSpec = { ...spec, symbol: spec.symbol.symbol, trade: spec.trade.name };
  return JSON.stringify(stored);
}

/** The spec `storedTerms` wrote, of any kind, with its symbol (and trade type) looked up again; a row we cannot read is an error. */
export function tradeFromTerms(terms: string): TradeSpec {
  const stored = JSON.parse(terms) as StoredSpec | StoredMultiplier | StoredAccumulator;
  if ('kind' in stored && stored.kind === 'multiplier') return multiplierFromStored(stored);
  if ('kind' in stored && stored.kind === 'accumulator') return accumulatorFromStored(stored);
  return binaryFromStored(stored as StoredSpec);
}

/** A binary contract's spec from its terms; another kind's terms, or any we cannot read, are an error. */
export function specFromTerms(terms: string): ContractSpec {
  return binaryFromStored(JSON.parse(terms) as StoredSpec);
}

function binaryFromStored(stored: StoredSpec): ContractSpec {
  const symbol = symbolSpec(stored.symbol);
  if (!symbol || !isOfferedContractType(stored.contractType))
    throw new RangeError(`stored contract terms name no offered contract: ${stored.symbol} ${stored.contractType}`);
  const trade = tradeTypeOf(stored.contractType, stored.barrier !== undefined && stored.barrier.kind !== 'digit');
  if (trade.name !== stored.trade)
    throw new RangeError(`stored contract terms name trade ${stored.trade}, the table says ${trade.name}`);
  return { ...stored, symbol, trade };
}

function multiplierFromStored(stored: StoredMultiplier): MultiplierSpec {
  const symbol = symbolSpec(stored.symbol);
  if (!symbol || !isMultiplierContractType(stored.contractType))
    throw new RangeError(`stored contract terms name no multiplier: ${stored.symbol} ${stored.contractType}`);
  return { ...stored, symbol };
}

function accumulatorFromStored(stored: StoredAccumulator): AccumulatorSpec {
  const symbol = symbolSpec(stored.symbol);
  if (!symbol || stored.contractType !== 'ACCU' || !(GROWTH_RATES as readonly number[]).includes(stored.growthRate))
    throw new RangeError(`stored contract terms name no accumulator: ${stored.symbol} ${stored.contractType}`);
  return { ...stored, symbol };
}
