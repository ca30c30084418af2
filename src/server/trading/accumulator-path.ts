import type { PricePath, Tick } from '../market/price-path.js';
import { accumulatorValue, closingTick, type GrowthRate, MAX_DURATION_TICKS } from './accumulator-terms.js';
import { ordersInForce, type LimitOrderUpdate } from './limit-orders.js';

/**
 * An accumulator's life read off the market's path: like every settlement rule here, a pure
 * function of the path and the contract, so any process, before or after a restart, reaches
 * the same end at the same tick (docs/trading.md, "Accumulators").
 */

export interface AccumulatorContract {
  /** The purchase second: the entry is the first tick after it. */
  readonly dateStart: number;
  readonly stake: number;
  readonly growthRate: GrowthRate;
  /** `tick_size_barrier`: the half-width as a fraction of the previous spot. */
  readonly tickSizeBarrier: number;
  readonly pipSize: number;
  readonly takeProfit?: number | undefined;
  /**
   * Its take profit's changes (`contract_update`), oldest first: each in force from the first
   * tick after the second it was made in, as a multiplier's limit orders are.
   */
  readonly updates?: readonly LimitOrderUpdate[] | undefined;
}

/** The take profit in force at the tick at `epoch`. */
export function takeProfitAt(contract: AccumulatorContract, epoch: number): number | undefined {
  const updates = contract.updates ?? [];
  if (updates.length === 0) return contract.takeProfit;
  return ordersInForce({ takeProfit: contract.takeProfit }, updates, epoch).takeProfit;
}

export type AccumulatorEnd =
  /** A tick at or beyond a barrier: worth nothing. */
  | 'knocked-out'
  /** The growth rate's most ticks. */
  | 'max-ticks'
  /** The last tick whose value stays within the maximum payout. */
  | 'max-payout'
  | 'take-profit';

export interface AccumulatorState {
  readonly entry: Tick;
  /** The latest tick read: the one it ended on, or the latest at `now`. */
  readonly current: Tick;
  /** Ticks past the entry that stayed inside the barriers. */
  readonly ticksInside: number;
  /** Around `current`: the next tick must land strictly between them. */
  readonly barriers: { readonly high: number; readonly low: number };
  /** What it is worth at `current` (0 once knocked out). */
  readonly value: number;
  /** How it ended, at `current`; undefined while it runs. */
  readonly end: AccumulatorEnd | undefined;
}

/**
 * The barriers a tick after `spot` must stay strictly inside: spot × (1 ± half-width), on the
 * symbol's pip, as the open-contract view shows them (so a user can check a knock-out by eye).
 */
export function barriersAround(spot: number, tickSizeBarrier: number, pipSize: number) {
  return {
    high: Number((spot * (1 + tickSizeBarrier)).toFixed(pipSize)),
    low: Number((spot * (1 - tickSizeBarrier)).toFixed(pipSize)),
  };
}

/** The entry tick's epoch of a contract bought in second `dateStart`: the first tick strictly after it. */
export function entryEpochOf(path: PricePath, dateStart: number): number {
  return path.epochOfIndex(path.indexAtOrAfter(dateStart + 1));
}

/** Where the contract stands at `now` (epoch seconds); undefined before its entry tick. */
export function accumulatorAt(
  path: PricePath,
  contract: AccumulatorContract,
  now: number,
): AccumulatorState | undefined {
  const entryEpoch = entryEpochOf(path, contract.dateStart);
  if (now < entryEpoch) return undefined;
  const entry = { epoch: entryEpoch, quote: path.quoteAt(entryEpoch) };
  // With no updates the take profit is fixed, and its closing tick bounds the path read; with
  // updates, the take profit in force is checked at each tick, inside the terms' own bound.
  const updated = (contract.updates ?? []).length > 0;
  const closesAt = closingTick(contract.stake, contract.growthRate, updated ? undefined : contract.takeProfit);
  const lastEpoch = Math.min(path.tickEpochAtOrBefore(now), entryEpoch + closesAt * path.intervalSeconds);
  const after = lastEpoch > entryEpoch ? path.ticks(entryEpoch + path.intervalSeconds, lastEpoch) : [];
  let previous = entry;
  let ticksInside = 0;
  for (const tick of after) {
    const barriers = barriersAround(previous.quote, contract.tickSizeBarrier, contract.pipSize);
    if (!(tick.quote > barriers.low && tick.quote < barriers.high))
      return { entry, current: tick, ticksInside, barriers, value: 0, end: 'knocked-out' };
    previous = tick;
    ticksInside++;
    if (updated && ticksInside < closesAt && reachesTakeProfit(contract, tick.epoch, ticksInside))
      return stateAt(contract, entry, tick, ticksInside, 'take-profit');
  }
  return stateAt(contract, entry, previous, ticksInside, endAt(contract, previous.epoch, ticksInside, closesAt));
}

function stateAt(
  contract: AccumulatorContract,
  entry: Tick,
  current: Tick,
  ticksInside: number,
  end: AccumulatorEnd | undefined,
): AccumulatorState {
  const value = accumulatorValue(contract.stake, contract.growthRate, ticksInside);
  const barriers = barriersAround(current.quote, contract.tickSizeBarrier, contract.pipSize);
  return { entry, current, ticksInside, barriers, value, end };
}

/** Whether its profit after `ticks` ticks, on the tick at `epoch`, reaches the take profit then in force. */
function reachesTakeProfit(contract: AccumulatorContract, epoch: number, ticks: number): boolean {
  const takeProfit = takeProfitAt(contract, epoch);
  return (
    takeProfit !== undefined &&
    accumulatorValue(contract.stake, contract.growthRate, ticks) - contract.stake >= takeProfit
  );
}

function endAt(
  contract: AccumulatorContract,
  epoch: number,
  ticks: number,
  closesAt: number,
): AccumulatorEnd | undefined {
  if (ticks < closesAt) return undefined;
  if (reachesTakeProfit(contract, epoch, ticks)) return 'take-profit';
  return closesAt === MAX_DURATION_TICKS[contract.growthRate] ? 'max-ticks' : 'max-payout';
}
