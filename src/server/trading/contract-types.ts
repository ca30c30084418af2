import type { PriceProposalRequest } from '@deriv/api-types';

/** A `contract_type` the v3 schema accepts in `proposal` and `buy.parameters`. */
export type ProposalContractType = PriceProposalRequest['contract_type'];

/**
 * Every value of the schema's `contract_type` enum. A value outside it is a schema failure
 * (`InputValidationFailed`); a value inside it that we do not build yet is "not offered".
 * Typed against @deriv/api-types, so a value the schema lacks does not compile, and
 * `test/server/trading/offerings.test.ts` checks that none is missing.
 */
export const PROPOSAL_CONTRACT_TYPES = [
  'ACCU',
  'ASIAND',
  'ASIANU',
  'CALL',
  'CALLE',
  'CALLSPREAD',
  'DIGITDIFF',
  'DIGITEVEN',
  'DIGITMATCH',
  'DIGITODD',
  'DIGITOVER',
  'DIGITUNDER',
  'EXPIRYMISS',
  'EXPIRYMISSE',
  'EXPIRYRANGE',
  'EXPIRYRANGEE',
  'LBFLOATCALL',
  'LBFLOATPUT',
  'LBHIGHLOW',
  'MULTDOWN',
  'MULTUP',
  'NOTOUCH',
  'ONETOUCH',
  'PUT',
  'PUTE',
  'PUTSPREAD',
  'RANGE',
  'RESETCALL',
  'RESETPUT',
  'RUNHIGH',
  'RUNLOW',
  'SNOWDOWN',
  'SNOWUP',
  'TICKHIGH',
  'TICKLOW',
  'TURBOSLONG',
  'TURBOSSHORT',
  'UPORDOWN',
  'VANILLALONGCALL',
  'VANILLALONGPUT',
] as const satisfies readonly ProposalContractType[];

const SCHEMA_TYPES: ReadonlySet<string> = new Set(PROPOSAL_CONTRACT_TYPES);

export function isProposalContractType(value: unknown): value is ProposalContractType {
  return typeof value === 'string' && SCHEMA_TYPES.has(value);
}
