import type { RequestOf } from '../src/client/index.js';

/** A proposal as the page sends it: the client adds its own `req_id`. */
export type ProposalRequest = Omit<RequestOf<'proposal'>, 'req_id'>;

/** What the trade form's fields say, as typed. */
export interface OrderFields {
  contractType: string;
  /** The last-digit prediction, for the digit types that take one (`data-digit` on their option). */
  digit: string | undefined;
  duration: string;
  durationUnit: string;
  stake: string;
}

export type Order = { ok: true; request: ProposalRequest } | { ok: false; problem: string };

/**
 * The `proposal` the fields ask for, on `symbol` in the account's `currency`, with the stake
 * as the basis. Only what is not a number at all is refused here; the server judges the rest
 * (the minimum stake, the durations each type offers) and its refusal is what the page shows.
 */
export function proposalRequest(fields: OrderFields, symbol: string, currency: string): Order {
  const duration = Number(fields.duration);
  if (!Number.isInteger(duration) || duration < 1)
    return { ok: false, problem: 'The duration is a whole number, 1 or more.' };
  const stake = Number(fields.stake);
  if (fields.stake.trim() === '' || !Number.isFinite(stake) || stake <= 0)
    return { ok: false, problem: 'The stake is an amount, such as 10 or 0.50.' };
  const request = {
    proposal: 1,
    contract_type: fields.contractType,
    symbol,
    currency,
    basis: 'stake',
    amount: stake,
    duration,
    duration_unit: fields.durationUnit,
    ...(fields.digit !== undefined ? { barrier: fields.digit } : {}),
  };
  // The select offers only the schema's contract types and units; the types cannot see that.
  return { ok: true, request: request as ProposalRequest };
}
