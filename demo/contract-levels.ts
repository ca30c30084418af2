import type { OpenContract } from './trading-calls.js';

/** A spot level a contract closes at, drawn across the chart. */
export type LevelKind = 'take-profit' | 'stop-loss' | 'stop-out' | 'high-barrier' | 'low-barrier';

export interface ChartLevel {
  readonly kind: LevelKind;
  /** The spot, as the server prints it (pip-sized). */
  readonly value: string;
  readonly label: string;
}

const ORDERS = [
  ['take_profit', 'take-profit', 'take profit'],
  ['stop_loss', 'stop-loss', 'stop loss'],
  ['stop_out', 'stop-out', 'stop out'],
] as const;

/** An accumulator's barriers: those the next tick must land strictly inside, moved every tick. */
const BARRIERS = [
  ['current_spot_high_barrier', 'high-barrier', 'high barrier'],
  ['current_spot_low_barrier', 'low-barrier', 'low barrier'],
] as const;

/**
 * The spot levels an open contract closes at: a multiplier's take profit, stop loss and stop
 * out (`limit_order.*.value`, worked out by the server from the entry spot), an accumulator's
 * two barriers around the latest tick (docs/trading.md, "Accumulators": an accumulator's
 * take profit is an amount, with no spot). None once it is sold, and none for a binary.
 * Another open-ended kind adds its own levels here.
 */
export function levelsOf(contract: OpenContract): ChartLevel[] {
  if (contract.is_sold === 1) return [];
  const levels: ChartLevel[] = [];
  for (const [key, kind, name] of ORDERS) {
    const value = contract.limit_order?.[key]?.value;
    if (value) levels.push({ kind, value, label: `${contract.contract_id} ${name} ${value}` });
  }
  for (const [key, kind, name] of BARRIERS) {
    const value = contract[key];
    if (value) levels.push({ kind, value, label: `${contract.contract_id} ${name} ${value}` });
  }
  return levels;
}
