import type { AccumulatorSpec } from './accumulator-spec.js';
import { moneyText } from './trading-errors.js';

/**
 * An accumulator's codes, in the real server's formats (docs/trading.md, "Accumulators"). The
 * value grows from the first tick after entry, every tick: growth start step 1, frequency 1.
 */
const GROWTH_START_STEP = 1;
const GROWTH_FREQUENCY = 1;

/**
 * `tick_size_barrier_percentage`: the half-width in percent, to 5 decimals, with its sign
 * ("0.06126%"), rounded half up on its decimal text, as money is (4.8625e-4 is "0.04863%").
 */
export function tickSizeBarrierPercentage(spec: AccumulatorSpec): string {
  const scaled = Math.round(Number((spec.tickSizeBarrier * 100 * 1e5).toPrecision(15)));
  return `${(scaled / 1e5).toFixed(5)}%`;
}

/**
 * `ACCU_SYMBOL_STAKE_STEP_RATE_FREQUENCY_BARRIER_START`, e.g.
 * `ACCU_R_100_10.00_1_0.01_1_0.000612552024_1754939094`.
 */
export function accumulatorShortcode(spec: AccumulatorSpec): string {
  return [
    'ACCU',
    spec.symbol.symbol,
    moneyText(spec.stake),
    String(GROWTH_START_STEP),
    String(spec.growthRate),
    String(GROWTH_FREQUENCY),
    String(spec.tickSizeBarrier),
    String(spec.dateStart),
  ].join('_');
}

/**
 * "After the entry spot tick, your stake will grow continuously by 1% for every tick that the
 * spot price remains within the ± 0.06126% from the previous spot price." (the real server's).
 */
export function accumulatorLongcode(spec: AccumulatorSpec): string {
  const growth = Number((spec.growthRate * 100).toFixed(2));
  return `After the entry spot tick, your stake will grow continuously by ${growth}% for every tick that the spot price remains within the ± ${tickSizeBarrierPercentage(spec)} from the previous spot price.`;
}
