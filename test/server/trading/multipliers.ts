import { onTestFinished } from 'vitest';
import type { ServerOptions } from '../../../src/server/index.js';
import { Market } from '../../../src/server/market/market.js';
import type { PricePath } from '../../../src/server/market/price-path.js';
import type { LimitOrderUpdate } from '../../../src/server/trading/limit-orders.js';
import type { MultiplierSpec } from '../../../src/server/trading/multiplier-spec.js';
import { DEFAULT_TRADING_OPTIONS } from '../../../src/server/trading/trading-options.js';
import { validateMultiplier } from '../../../src/server/trading/validate-multiplier.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RawSocket } from '../../support/raw-socket.js';
import { startServer } from '../../support/servers.js';
import { TRADER, TRADING_ACCOUNTS } from './sandbox.js';

/**
 * A fixed start, an even second (R_100 ticks on it): multiplier tests choose their contracts by
 * looking ahead on the seeded market, and a fixed start makes what they find the same every run.
 */
export const M_START = 1_800_000_000;
export const SEED = 5;

/** A validated multiplier, as a proposal would make it (started at `now`). */
export function multiplier(params: Record<string, unknown> = {}, now = M_START): MultiplierSpec {
  const checked = validateMultiplier(
    {
      contract_type: 'MULTUP',
      symbol: 'R_100',
      currency: 'USD',
      basis: 'stake',
      amount: 10,
      multiplier: 10,
      ...params,
    },
    { now },
    DEFAULT_TRADING_OPTIONS,
  );
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value;
}

export interface ModelClose {
  readonly reason: 'stop_out' | 'take_profit' | 'stop_loss';
  readonly epoch: number;
  readonly quote: number;
  readonly cancelled: boolean;
  /** Unrounded: the sale is this to the cent. */
  readonly sellPrice: number;
}

/** The pnl at a quote, written out from docs/trading.md: stake × (±(S − S0)/S0 − c) × m. */
export function modelPnl(spec: MultiplierSpec, entry: number, quote: number): number {
  const sign = spec.contractType === 'MULTUP' ? 1 : -1;
  return spec.stake * spec.multiplier * ((sign * (quote - entry)) / entry - spec.commission);
}

/**
 * The close rule written out again, tick by tick, from docs/trading.md: a model the server must
 * agree with. Entry at the tick of the purchase second; the orders in force at a tick are those
 * given at purchase with every update made in an earlier second applied in order.
 */
export function modelClose(
  path: PricePath,
  spec: MultiplierSpec,
  updates: readonly LimitOrderUpdate[],
  now: number,
): ModelClose | undefined {
  const entryEpoch = path.tickEpochAtOrBefore(spec.dateStart);
  const entry = path.quoteAt(entryEpoch);
  const windowEnd = spec.cancellation && spec.dateStart + Number(spec.cancellation.duration.slice(0, -1)) * 60;
  for (const tick of path.ticks(entryEpoch + path.intervalSeconds, now)) {
    let { takeProfit, stopLoss } = spec.limitOrders;
    for (const update of updates) {
      if (update.epoch >= tick.epoch) continue;
      if (update.takeProfit !== undefined) takeProfit = update.takeProfit ?? undefined;
      if (update.stopLoss !== undefined) stopLoss = update.stopLoss ?? undefined;
    }
    const pnl = modelPnl(spec, entry, tick.quote);
    const reason =
      pnl <= -spec.stake
        ? 'stop_out'
        : stopLoss !== undefined && pnl <= -stopLoss
          ? 'stop_loss'
          : takeProfit !== undefined && pnl >= takeProfit
            ? 'take_profit'
            : undefined;
    if (reason) {
      const cancelled = reason === 'stop_out' && windowEnd !== undefined && tick.epoch < windowEnd;
      const sellPrice = cancelled ? spec.stake : Math.max(0, spec.stake + pnl);
      return { reason, epoch: tick.epoch, quote: tick.quote, cancelled, sellPrice };
    }
  }
  return undefined;
}

/** The seeded market's path of a symbol, as the server's market has it (a pure function of the seed). */
export function pathOf(symbol: string): PricePath {
  const market = new Market({ seed: SEED }, new ManualClock(M_START * 1000));
  onTestFinished(() => market.close());
  return market.path(symbol);
}

/** The best and worst pnl a contract bought at M_START reaches over `seconds`, with the epochs they are reached at. */
export function extremes(path: PricePath, spec: MultiplierSpec, seconds: number) {
  const entry = path.quoteAt(path.tickEpochAtOrBefore(spec.dateStart));
  let best = { pnl: -Infinity, epoch: 0 };
  let worst = { pnl: Infinity, epoch: 0 };
  for (const tick of path.ticks(spec.dateStart + path.intervalSeconds, spec.dateStart + seconds)) {
    const pnl = modelPnl(spec, entry, tick.quote);
    if (pnl > best.pnl) best = { pnl, epoch: tick.epoch };
    if (pnl < worst.pnl) worst = { pnl, epoch: tick.epoch };
  }
  return { best, worst };
}

/**
 * A server like `sandbox()`'s, on a clock at 100 ms into M_START, and a connection authorized as
 * the trader.
 */
export async function multiplierSandbox(options: ServerOptions = {}) {
  const clock = new ManualClock(M_START * 1000 + 100);
  const server = await startServer({
    clock,
    market: { seed: SEED },
    accounts: TRADING_ACCOUNTS,
    rateLimits: false,
    ...options,
  });
  const raw = await RawSocket.open(server.url);
  await raw.answered({ authorize: TRADER });
  return { clock, server, raw };
}

export const MULTUP_R_100 = {
  contract_type: 'MULTUP',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  multiplier: 100,
};
