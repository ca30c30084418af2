import { expect } from 'vitest';
import type { PricePath } from '../../../src/server/market/price-path.js';
import type { AccumulatorSpec } from '../../../src/server/trading/accumulator-spec.js';
import { DEFAULT_TRADING_OPTIONS } from '../../../src/server/trading/trading-options.js';
import { validateTrade } from '../../../src/server/trading/validate-trade.js';
import type { RawSocket } from '../../support/raw-socket.js';
import { M_START, pathOf } from './multipliers.js';

/** R_100 at 5 %: the quickest to grow and to be knocked out, so each scenario is found within minutes of M_START. */
export const ACCU_R_100 = {
  contract_type: 'ACCU',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  growth_rate: 0.05,
};

/** A validated accumulator, as a proposal bought in second `now` would make it. */
export function accumulator(params: Record<string, unknown> = {}, now = M_START): AccumulatorSpec {
  const checked = validateTrade({ ...ACCU_R_100, ...params }, { now }, DEFAULT_TRADING_OPTIONS);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value as AccumulatorSpec;
}

/** A take profit set (or removed, null) by `contract_update` in `second`. */
export interface TakeProfitUpdate {
  readonly second: number;
  readonly takeProfit: number | null;
}

export interface ModelEnd {
  readonly reason: 'knocked-out' | 'max-ticks' | 'max-payout' | 'take-profit';
  /** The tick it ended on, counted past the entry. */
  readonly ticks: number;
  readonly epoch: number;
  readonly quote: number;
  /** Unrounded: the sale is this to the cent (0 when knocked out). */
  readonly sellPrice: number;
}

/** docs/trading.md, "Accumulators": the most ticks per growth rate and the maximum payout, written out again. */
const MAX_TICKS: Record<number, number> = { 0.01: 300, 0.02: 150, 0.03: 90, 0.04: 75, 0.05: 60 };
const MAX_PAYOUT = 10_000;

/**
 * The accumulator's life written out again from docs/trading.md, tick by tick: a model the server
 * must agree with. The entry is the first tick after the purchase second; each tick after it must
 * land strictly inside the previous tick × (1 ± half-width), on the pip, else it is knocked out
 * (worth 0); after n ticks inside it is worth stake × (1 + g)^(n − 1); it closes at its take
 * profit, its most ticks, or the last tick whose value stays within the maximum payout.
 */
export function modelEnd(
  path: PricePath,
  spec: AccumulatorSpec,
  updates: readonly TakeProfitUpdate[] = [],
): { entryEpoch: number; end: ModelEnd } {
  const interval = path.intervalSeconds;
  const entryEpoch = path.tickEpochAtOrBefore(spec.dateStart) + interval;
  const { stake, growthRate: g, tickSizeBarrier: h } = spec;
  // The take profit at a tick: the purchase's, then each update made in an earlier second.
  const takeProfitAt = (epoch: number) =>
    updates.reduce<number | null | undefined>(
      (current, update) => (update.second < epoch ? update.takeProfit : current),
      spec.takeProfit,
    );
  const pip = spec.symbol.pipSize;
  const value = (n: number) => stake * (1 + g) ** (n - 1);
  let previous = path.quoteAt(entryEpoch);
  for (let k = 1; ; k++) {
    const epoch = entryEpoch + k * interval;
    const quote = path.quoteAt(epoch);
    const high = Number((previous * (1 + h)).toFixed(pip));
    const low = Number((previous * (1 - h)).toFixed(pip));
    const at = { ticks: k, epoch, quote };
    if (quote >= high || quote <= low) return { entryEpoch, end: { reason: 'knocked-out', ...at, sellPrice: 0 } };
    const worth = value(k);
    const takeProfit = takeProfitAt(epoch);
    if (takeProfit !== undefined && takeProfit !== null && worth - stake >= takeProfit)
      return { entryEpoch, end: { reason: 'take-profit', ...at, sellPrice: worth } };
    if (k === MAX_TICKS[g]) return { entryEpoch, end: { reason: 'max-ticks', ...at, sellPrice: worth } };
    if (value(k + 1) > MAX_PAYOUT) return { entryEpoch, end: { reason: 'max-payout', ...at, sellPrice: worth } };
    previous = quote;
  }
}

/**
 * The first purchase second from M_START on (a tick apart) whose contract's modelled end
 * satisfies `wanted`: the tests find their contracts on the seeded market in advance, and the
 * start is fixed, so it is the same one every run.
 */
export function firstStart(
  params: Record<string, unknown>,
  wanted: (end: ModelEnd) => boolean,
  within = 3_600,
): { start: number; spec: AccumulatorSpec; path: PricePath; entryEpoch: number; end: ModelEnd } {
  const path = pathOf((params.symbol as string | undefined) ?? ACCU_R_100.symbol);
  for (let start = M_START; start < M_START + within; start += path.intervalSeconds) {
    const spec = accumulator(params, start);
    const { entryEpoch, end } = modelEnd(path, spec);
    if (wanted(end)) return { start, spec, path, entryEpoch, end };
  }
  throw new Error(`no start within ${within} s gives the end wanted`);
}

/** Buys an accumulator now at its stake, by `req_id` (the account's stream messages may come first). */
export async function buyAccumulator(raw: RawSocket, parameters: Record<string, unknown>) {
  const reply = await raw.requestById({
    buy: '1',
    price: (parameters.amount as number | undefined) ?? ACCU_R_100.amount,
    parameters: { ...ACCU_R_100, ...parameters },
    req_id: ++reqId,
  });
  expect(reply.error, 'error reply to buy').toBeUndefined();
  return reply.buy;
}
let reqId = 600_000;

export const cents = (amount: number) => Math.round(amount * 100) / 100;
