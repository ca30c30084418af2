import { CALLS, type CallInfo } from '../../../protocol/calls.js';
import type { ContractsListItem } from '../../../protocol/options-renames.js';
import { callSchema } from '../../schemas.js';
import type { CallContext, CallDefinition } from '../types.js';
import { contractsFor } from './proposal-calls.js';

/** The new API's `contracts_list`, a public call v3 has no row for: `contracts_for`'s row but its key, `1`. */
const INFO: CallInfo = { ...CALLS.get('contracts_for')!, name: 'contracts_list', key: { kind: 'one' } };

/**
 * `contracts_list` (new API only): every contract type offered on any symbol, once, with its
 * category, sentiment and the symbols offering it, from the same rows `contracts_for`
 * answers with. Deriv documents no shape for it: this one is ours (docs/migrating-to-the-new-api.md).
 */
export const contractsList: CallDefinition = {
  name: 'contracts_list',
  api: 'options',
  schema: callSchema(INFO, { properties: {} }),
  handle: (context) => {
    const byType = new Map<string, { item: Omit<ContractsListItem, 'underlying_symbols'>; symbols: Set<string> }>();
    for (const spec of context.services.market.symbols) {
      let rows: { available: Array<{ contract_type: string; contract_category: string; sentiment: string }> };
      try {
        rows = contractsFor.handle({ ...context, args: { contracts_for: spec.symbol } } as CallContext) as typeof rows;
      } catch {
        continue; // A symbol with nothing to trade offers nothing to list.
      }
      for (const row of rows.available) {
        let entry = byType.get(row.contract_type);
        if (!entry) {
          const { contract_type, contract_category, sentiment } = row;
          entry = { item: { contract_type, contract_category, sentiment }, symbols: new Set() };
          byType.set(row.contract_type, entry);
        }
        entry.symbols.add(spec.symbol);
      }
    }
    return [...byType.values()]
      .map(({ item, symbols }) => ({ ...item, underlying_symbols: [...symbols].sort() }))
      .sort((a, b) => (a.contract_type < b.contract_type ? -1 : 1));
  },
};
