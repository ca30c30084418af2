import type { ContractSpec } from '../../trading/contract-spec.js';
import { longcode } from '../../trading/longcode.js';
import type { Quote } from '../../trading/quote.js';
import { moneyText } from '../../trading/trading-errors.js';

/** The `proposal` payload, without its `id` (a stream adds it; a one-off reply has it put in). */
export function proposalFields(
  spec: ContractSpec,
  quote: Quote,
  spot: number,
  spotTime: number,
): Record<string, unknown> {
  return {
    ask_price: quote.askPrice,
    ...(quote.barrier !== undefined && spec.trade.barrierCategory !== 'euro_atm'
      ? { contract_details: { barrier: String(quote.barrier) } }
      : {}),
    date_expiry: spec.dateExpiry,
    date_start: spec.dateStart,
    display_value: moneyText(quote.askPrice),
    longcode: longcode(spec),
    payout: quote.payout,
    spot,
    spot_time: spotTime,
  };
}

/**
 * The field `id` precedes in a `proposal` payload, as the real server's keys are ordered
 * (alphabetically): the first one after it, `longcode` for a binary, `limit_order` for a multiplier.
 */
export function idBefore(fields: Record<string, unknown>): string {
  return Object.keys(fields).find((key) => key > 'id')!;
}

/** The fields with `id` in its place. */
export function withId(fields: Record<string, unknown>, id: string): Record<string, unknown> {
  const before = idBefore(fields);
  const ordered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === before) ordered.id = id;
    ordered[key] = value;
  }
  return ordered;
}
