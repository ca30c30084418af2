import { symbolSpec } from '../market/symbols.js';
import type { ContractSpec } from './contract-spec.js';
import { isOfferedContractType, tradeTypeOf } from './offerings.js';

/** A contract spec as the store keeps it (`ContractRecord.terms`): the table rows by name, not by object. */
type StoredSpec = Omit<ContractSpec, 'symbol' | 'trade'> & { readonly symbol: string; readonly trade: string };

/** The spec as JSON: enough to price and settle it again after a restart, from the market alone. */
export function storedTerms(spec: ContractSpec): string {
  const stored: StoredSpec = { ...spec, symbol: spec.symbol.symbol, trade: spec.trade.name };
  return JSON.stringify(stored);
}

/** The spec `storedTerms` wrote, with its symbol and trade type looked up again; a row we cannot read is an error. */
export function specFromTerms(terms: string): ContractSpec {
  const stored = JSON.parse(terms) as StoredSpec;
  const symbol = symbolSpec(stored.symbol);
  if (!symbol || !isOfferedContractType(stored.contractType))
    throw new RangeError(`stored contract terms name no offered contract: ${stored.symbol} ${stored.contractType}`);
  const trade = tradeTypeOf(stored.contractType, stored.barrier !== undefined && stored.barrier.kind !== 'digit');
  if (trade.name !== stored.trade)
    throw new RangeError(`stored contract terms name trade ${stored.trade}, the table says ${trade.name}`);
  return { ...stored, symbol, trade };
}
