import type { PricePath } from '../market/price-path.js';
import type { SymbolSpec } from '../market/symbols.js';
import { type AccumulatorContract, entryEpochOf } from './accumulator-path.js';
import { closingTick, type GrowthRate } from './accumulator-terms.js';
import { currentOrders, type LimitOrderUpdate } from './limit-orders.js';

/**
 * A validated ACCU: everything pricing, codes and settlement need (docs/trading.md,
 * "Accumulators"). Like a multiplier it has no expiry and pays its value; unlike one, its end
 * is bounded: the closing tick of its terms, if no tick knocks it out first.
 */
export interface AccumulatorSpec {
  readonly kind: 'accumulator';
  readonly contractType: 'ACCU';
  readonly symbol: SymbolSpec;
  readonly intervalSeconds: number;
  readonly currency: string;
  /** What the client risks; the contract's value from its first tick on grows from it. */
  readonly stake: number;
  readonly growthRate: GrowthRate;
  /**
   * The barriers' half-width as a fraction of the previous spot, fixed at purchase (to 12
   * decimals, as the shortcode writes it), so a restart under other options settles alike.
   */
  readonly tickSizeBarrier: number;
  /** Closes the contract once its profit reaches this (currency units); none by default. */
  readonly takeProfit?: number;
  /** The time it was priced (a proposal) or bought: the entry is the first tick after it. */
  readonly dateStart: number;
}

/** The contract as accumulator-path.ts reads it off the market, with its take profit's updates. */
export function onThePath(spec: AccumulatorSpec, updates: readonly LimitOrderUpdate[] = []): AccumulatorContract {
  return {
    dateStart: spec.dateStart,
    stake: spec.stake,
    growthRate: spec.growthRate,
    tickSizeBarrier: spec.tickSizeBarrier,
    pipSize: spec.symbol.pipSize,
    takeProfit: spec.takeProfit,
    updates,
  };
}

/** The take profit after every update: what the view shows, and what its closing tick follows. */
export function currentTakeProfit(
  spec: AccumulatorSpec,
  updates: readonly LimitOrderUpdate[] = [],
): number | undefined {
  return currentOrders({ takeProfit: spec.takeProfit }, updates).takeProfit;
}

/** The tick (counted past entry) it closes at if nothing knocks it out: `tick_count`, `maximum_ticks`. */
export function accumulatorTicks(spec: AccumulatorSpec, updates: readonly LimitOrderUpdate[] = []): number {
  return closingTick(spec.stake, spec.growthRate, currentTakeProfit(spec, updates));
}

/** The epoch of that tick: the latest it can end, its `date_expiry` while it runs. */
export function latestEnd(path: PricePath, spec: AccumulatorSpec, updates: readonly LimitOrderUpdate[] = []): number {
  return entryEpochOf(path, spec.dateStart) + accumulatorTicks(spec, updates) * path.intervalSeconds;
}
