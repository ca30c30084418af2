import type { PricePath } from '../market/price-path.js';
import { centsFromAmount } from '../store/money.js';
import type { ContractRecord } from '../store/store.js';
import { accumulatorAt } from './accumulator-path.js';
import { type AccumulatorSpec, onThePath } from './accumulator-spec.js';
import type { ContractSpec } from './contract-spec.js';
import { limitOrderUpdates } from './limit-orders.js';
import { multiplierCloseAt, multiplierEntry } from './multiplier-settlement.js';
import type { MultiplierSpec } from './multiplier-spec.js';
import { roundMoney } from './money.js';
import { isAccumulatorSpec, isMultiplierSpec, type TradeSpec } from './trade-spec.js';
import { decidedBy, outcomeAt } from './settlement-rules.js';
import type { StoredOutcome } from './stored-outcome.js';

/** A sale the market has decided, as the store takes it. */
export interface Decision {
  readonly sellPriceCents: number;
  readonly sellTimeMs: number;
  /** The StoredOutcome's JSON. */
  readonly outcome: string;
}

export interface DecisionScan {
  readonly decision: Decision | undefined;
  /** Touch contracts and multipliers: where the path has been read without a decision. */
  readonly scannedTo: number;
}

/** Whether the contract must be looked at tick by tick (it may be decided at any of them), not only at its end. */
export function isScanned(spec: TradeSpec): boolean {
  return isMultiplierSpec(spec) || isAccumulatorSpec(spec) || spec.trade.category === 'touchnotouch';
}

/**
 * The sale the market has decided for the contract by `now`, or none yet; the path is read on from
 * `scannedTo`. One function for both kinds, so the settler treats every contract alike.
 */
export function decisionAt(
  path: PricePath,
  spec: TradeSpec,
  record: ContractRecord,
  now: number,
  scannedTo: number,
): DecisionScan {
  if (isMultiplierSpec(spec)) return multiplierDecision(path, spec, record, now, scannedTo);
  if (isAccumulatorSpec(spec)) return { decision: accumulatorDecision(path, spec, record, now), scannedTo: 0 };
  return binaryDecision(path, spec, record, now, scannedTo);
}

/** When to look at the contract next: its deciding tick, or for a path-dependent one the next tick. */
export function nextCheckAt(path: PricePath, spec: TradeSpec, now: number): number {
  const nextTick = path.tickEpochAtOrBefore(now) + path.intervalSeconds;
  if (isMultiplierSpec(spec) || isAccumulatorSpec(spec)) return nextTick;
  const decided = decidedBy(path, spec);
  return spec.trade.category === 'touchnotouch' ? Math.min(decided, nextTick) : decided;
}

function binaryDecision(
  path: PricePath,
  spec: ContractSpec,
  record: ContractRecord,
  now: number,
  scannedTo: number,
): DecisionScan {
  const outcome = outcomeAt(path, spec, spec.symbol.pipSize, now, scannedTo);
  if (!outcome) {
    const scanned = isScanned(spec) ? Math.max(scannedTo, path.tickEpochAtOrBefore(now) + path.intervalSeconds) : 0;
    return { decision: undefined, scannedTo: scanned };
  }
  const stored: StoredOutcome = {
    status: outcome.won ? 'won' : 'lost',
    entry: outcome.entry,
    exit: outcome.exit,
    barrier: outcome.barrier,
  };
  return {
    decision: {
      sellPriceCents: outcome.won ? record.payoutCents : 0,
      sellTimeMs: outcome.decidedAt * 1000,
      outcome: JSON.stringify(stored),
    },
    scannedTo,
  };
}

/**
 * A multiplier closed by its stop out or a limit order in force: sold at its value then, or for a
 * stop out inside the cancellation window, cancelled (the stake back). `won` when the sale pays more
 * than the buy cost, else `lost`.
 */
function multiplierDecision(
  path: PricePath,
  spec: MultiplierSpec,
  record: ContractRecord,
  now: number,
  scannedTo: number,
): DecisionScan {
  const scan = multiplierCloseAt(path, spec, limitOrderUpdates(record.updates), now, scannedTo);
  const { close } = scan;
  if (!close) return { decision: undefined, scannedTo: scan.scannedTo };
  const sellPriceCents = centsFromAmount(close.sellPrice);
  const stored: StoredOutcome = {
    status: close.cancelled ? 'cancelled' : sellPriceCents > record.buyPriceCents ? 'won' : 'lost',
    entry: multiplierEntry(path, spec),
    exit: close.tick,
    closedBy: close.reason,
  };
  return {
    decision: { sellPriceCents, sellTimeMs: close.tick.epoch * 1000, outcome: JSON.stringify(stored) },
    scannedTo: scan.scannedTo,
  };
}

/**
 * An accumulator the market has ended (docs/trading.md, "Accumulators"): knocked out, sold for 0
 * and `lost`; closed at its most ticks, the maximum payout or its take profit, sold at its value
 * then and `won`. It reads at most its closing tick's worth of path from the entry, so it needs
 * no scan position: the same path and terms give the same end in any process.
 */
function accumulatorDecision(
  path: PricePath,
  spec: AccumulatorSpec,
  record: ContractRecord,
  now: number,
): Decision | undefined {
  const state = accumulatorAt(path, onThePath(spec, limitOrderUpdates(record.updates)), now);
  if (!state?.end) return undefined;
  const stored: StoredOutcome = {
    status: state.end === 'knocked-out' ? 'lost' : 'won',
    entry: state.entry,
    exit: state.current,
    closedBy: state.end,
  };
  return {
    sellPriceCents: centsFromAmount(roundMoney(state.value)),
    sellTimeMs: state.current.epoch * 1000,
    outcome: JSON.stringify(stored),
  };
}
