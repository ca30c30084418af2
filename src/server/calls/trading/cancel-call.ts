import { CALLS } from '../../../protocol/calls.js';
import { callSchema } from '../../schemas.js';
import { isMultiplierSpec } from '../../trading/trade-spec.js';
import { tradeFromTerms } from '../../trading/stored-contract.js';
import type { CallDefinition } from '../types.js';
import { contractRefusals } from './contract-refusals.js';
import { cancelMultiplier } from './multiplier-sale.js';

export const cancel: CallDefinition = {
  name: 'cancel',
  schema: callSchema(CALLS.get('cancel')!, { properties: { loginid: { type: 'string' } } }),
  /**
   * Cancels a multiplier bought with deal cancellation, inside its window: the stake is given
   * back as a `sell` row (the fee is not), and the contract's status is `cancelled`. The receipt is
   * `sell`'s. Anything else is refused (docs/trading.md, "Multipliers").
   */
  handle: async (context) => {
    const { args, services, connection } = context;
    const contractId = args.cancel as number;
    const record =
      Number.isSafeInteger(contractId) && contractId > 0 ? await services.store.contract(contractId) : undefined;
    // Another account's contract is not there at all, as far as this one can tell.
    if (!record || record.loginid !== connection.auth!.loginid || record.sale)
      throw contractRefusals.noOpenPosition('cancel');
    const spec = tradeFromTerms(record.terms);
    if (!isMultiplierSpec(spec)) throw contractRefusals.cancellationNotBought();
    return cancelMultiplier(context, record, spec);
  },
};
