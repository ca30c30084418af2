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

/** The field `id` precedes in a `proposal` payload, as the real server's keys are ordered. */
export const ID_BEFORE = 'longcode';

/** The fields with `id` in its place, before `longcode`. */
export function withId(fields: Record<string, unknown>, id: string): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === ID_BEFORE) ordered.id = id;
    ordered[key] = value;
  }
  return ordered;
}
