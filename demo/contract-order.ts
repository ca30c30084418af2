import type { RequestOf } from '../src/client/index.js';

/** A proposal as the page sends it: the client adds its own `req_id`. */
export type ProposalRequest = Omit<RequestOf<'proposal'>, 'req_id'>;

/**
 * The kinds of contract the form offers, each with fields of its own: a binary has a duration
 * (and a digit for some), a multiplier has no expiry but a multiplier, limit orders and deal
 * cancellation, an accumulator a growth rate and a take profit. The contract type's
 * `<option data-kind>` names its kind; the form's elements with the same `data-kind` show only
 * for it. Another kind adds its name here, its terms to `TERMS`, and its options and fields to
 * the page.
 */
export const CONTRACT_KINDS = ['binary', 'multiplier', 'accumulator'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export function contractKind(name: string | undefined): ContractKind {
  return CONTRACT_KINDS.find((kind) => kind === name) ?? 'binary';
}

/**
 * What the trade form's fields say, as typed, by their `name`: only the fields of the kind
 * chosen (the others are disabled, so the form leaves them out).
 */
export type OrderFields = Readonly<Record<string, string | undefined>>;

export type Order = { ok: true; request: ProposalRequest } | { ok: false; problem: string };

type Terms = { ok: true; terms: Record<string, unknown> } | { ok: false; problem: string };

/** An optional amount field: absent when empty, a problem when it is not a positive amount. */
function optionalAmount(text: string | undefined, what: string): number | undefined | { problem: string } {
  if (text === undefined || text.trim() === '') return undefined;
  const amount = Number(text);
  return Number.isFinite(amount) && amount > 0 ? amount : { problem: `The ${what} is an amount, such as 5, or empty.` };
}

function binaryTerms(fields: OrderFields): Terms {
  const duration = Number(fields.duration);
  if (!Number.isInteger(duration) || duration < 1)
    return { ok: false, problem: 'The duration is a whole number, 1 or more.' };
  return {
    ok: true,
    terms: {
      duration,
      duration_unit: fields.duration_unit,
      ...(fields.digit !== undefined ? { barrier: fields.digit } : {}),
    },
  };
}

function multiplierTerms(fields: OrderFields): Terms {
  const multiplier = Number(fields.multiplier);
  if (!fields.multiplier || !Number.isFinite(multiplier))
    return { ok: false, problem: "Loading the symbol's multipliers…" };
  const limitOrder: Record<string, number> = {};
  for (const [name, what] of [
    ['take_profit', 'take profit'],
    ['stop_loss', 'stop loss'],
  ] as const) {
    const amount = optionalAmount(fields[name], what);
    if (typeof amount === 'object') return { ok: false, ...amount };
    if (amount !== undefined) limitOrder[name] = amount;
  }
  return {
    ok: true,
    terms: {
      multiplier,
      ...(Object.keys(limitOrder).length > 0 ? { limit_order: limitOrder } : {}),
      ...(fields.cancellation ? { cancellation: fields.cancellation } : {}),
    },
  };
}

/** An accumulator: the growth rate chosen, and an optional take profit (its only limit order). */
function accumulatorTerms(fields: OrderFields): Terms {
  const growthRate = Number(fields.growth_rate);
  if (!fields.growth_rate || !Number.isFinite(growthRate))
    return { ok: false, problem: "Loading the symbol's growth rates…" };
  const takeProfit = optionalAmount(fields.take_profit, 'take profit');
  if (typeof takeProfit === 'object') return { ok: false, ...takeProfit };
  return {
    ok: true,
    terms: {
      growth_rate: growthRate,
      ...(takeProfit !== undefined ? { limit_order: { take_profit: takeProfit } } : {}),
    },
  };
}

/** Each kind's own part of the proposal, from its own fields. */
const TERMS: Record<ContractKind, (fields: OrderFields) => Terms> = {
  binary: binaryTerms,
  multiplier: multiplierTerms,
  accumulator: accumulatorTerms,
};

/**
 * The `proposal` the fields ask for, on `symbol` in the account's `currency`, with the stake
 * as the basis. Only what is not a number at all is refused here; the server judges the rest
 * (the minimum stake, the durations each type offers, the limit orders' bounds) and its refusal
 * is what the page shows.
 */
export function proposalRequest(kind: ContractKind, fields: OrderFields, symbol: string, currency: string): Order {
  const stake = Number(fields.amount);
  if (!fields.amount || fields.amount.trim() === '' || !Number.isFinite(stake) || stake <= 0)
    return { ok: false, problem: 'The stake is an amount, such as 10 or 0.50.' };
  const terms = TERMS[kind](fields);
  if (!terms.ok) return terms;
  const request = {
    proposal: 1,
    contract_type: fields.contract_type,
    symbol,
    currency,
    basis: 'stake',
    amount: stake,
    ...terms.terms,
  };
  // The select offers only the schema's contract types and units; the types cannot see that.
  return { ok: true, request: request as ProposalRequest };
}
