import { finish, type Steps } from '../work/steps.js';
import { BRIDGE_DEPTH, type PricePath } from './price-path.js';

/** epoch is the candle's open time. */
export interface Candle {
  epoch: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export const GRANULARITIES = [60, 120, 180, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400] as const;

const DEFAULT_MAX_EVALUATIONS = 250_000;

export interface CandleWindow {
  start: number;
  end: number;
  granularity: number;
  maxEvaluations?: number;
}

/** A candle's ticks, by index: both ends inclusive. */
interface TickSpan {
  epoch: number;
  first: number;
  last: number;
}

/**
 * Candles aligned to multiples of `granularity`, oldest first: every candle whose open time
 * is in [start − start % granularity, end], the last cut off at `end`. Candles without a
 * tick (only possible with an interval above the granularity) are left out.
 *
 * Open and close are always exact. High and low are exact when the budget allows;
 * otherwise they are taken over open, close and the ticks on a grid of every 2^j-th tick,
 * with the finest j whose cost fits in `maxEvaluations` bridge midpoints. The grid points
 * are nodes of the bridge itself, so each costs one midpoint and no extra descent. Throws
 * RangeError when no grid fits.
 */
export function candlesBetween(path: PricePath, options: CandleWindow): Candle[] {
  return finish(candlesInSteps(path, options, Infinity));
}

/**
 * `candlesBetween`, pausing after every `perStep` sampled ticks. The candles are the same; a
 * step costs up to 2·depth midpoints more than the budget counts (under 2 % at 4 096 a step).
 */
export function* candlesInSteps(path: PricePath, options: CandleWindow, perStep: number): Steps<Candle[]> {
  const { start, end, granularity, maxEvaluations = DEFAULT_MAX_EVALUATIONS } = options;
  if (!Number.isInteger(granularity) || granularity <= 0)
    throw new RangeError(`granularity must be a positive integer, got ${granularity}`);
  const firstOpen = start - (((start % granularity) + granularity) % granularity);
  if (end < firstOpen) return [];
  // Each candle needs at least its open evaluated, so a budget below the count cannot be
  // met; checking before listing the candles also bounds the memory they take.
  const candleCount = Math.floor((end - firstOpen) / granularity) + 1;
  if (candleCount > maxEvaluations)
    throw new RangeError(`${candleCount} candles asked for, over the budget of ${maxEvaluations} evaluations`);

  const spans = yield* tickSpans(path, firstOpen, end, granularity, perStep);
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (!first || !last) return [];
  const level = gridLevel(first.first, last.last, spans.length, maxEvaluations);
  if (level === undefined)
    throw new RangeError(
      `${spans.length} candles over ${last.last - first.first + 1} ticks cannot be drawn within ${maxEvaluations} evaluations`,
    );

  const { indices, bounds } = yield* sampledIndices(spans, 2 ** level, perStep);
  const logPrices = yield* path.logPricesInSteps(indices, perStep);
  const candles: Candle[] = new Array(spans.length);
  let scanned = 0;
  for (let i = 0; i < spans.length; i++) {
    const from = bounds[2 * i]!;
    const to = bounds[2 * i + 1]!;
    let high = -Infinity;
    let low = Infinity;
    for (let p = from; p <= to; p++) {
      const logPrice = logPrices[p]!;
      if (logPrice > high) high = logPrice;
      if (logPrice < low) low = logPrice;
    }
    // Rounding is monotonic, so rounding the extremes gives the extremes of the quotes.
    candles[i] = {
      epoch: spans[i]!.epoch,
      open: path.quoteOf(logPrices[from]!),
      high: path.quoteOf(high),
      low: path.quoteOf(low),
      close: path.quoteOf(logPrices[to]!),
    };
    scanned += to - from + 1;
    if (scanned >= perStep) {
      scanned = 0;
      yield;
    }
  }
  return candles;
}

function* tickSpans(
  path: PricePath,
  firstOpen: number,
  end: number,
  granularity: number,
  perStep: number,
): Steps<TickSpan[]> {
  const lastTick = path.indexAtOrBefore(end);
  const spans: TickSpan[] = [];
  let listed = 0;
  for (let open = firstOpen; open <= end; open += granularity) {
    const first = path.indexAtOrAfter(open);
    const last = Math.min(path.indexAtOrAfter(open + granularity) - 1, lastTick);
    if (first <= last) spans.push({ epoch: open, first, last });
    if (++listed % perStep === 0) yield;
  }
  return spans;
}

/**
 * The smallest j whose worst-case cost fits the budget. With a grid of s = 2^j ticks the
 * midpoints computed are: the grid points in the range (their ancestors inside the range are
 * grid points too), the two chains of ancestors outside the range (at most one per level
 * each), and for each open and close off the grid its ancestors finer than the grid (at
 * most j).
 */
function gridLevel(firstIndex: number, lastIndex: number, candles: number, maxEvaluations: number): number | undefined {
  for (let level = 0; level <= BRIDGE_DEPTH; level++) {
    const stride = 2 ** level;
    const gridPoints = Math.max(0, Math.floor(lastIndex / stride) - Math.ceil(firstIndex / stride) + 1);
    if (gridPoints + 2 * BRIDGE_DEPTH + 2 * candles * level <= maxEvaluations) return level;
  }
  return undefined;
}

/**
 * The ascending indices to evaluate (each candle's open, its grid points strictly inside,
 * its close) and, for candle i, the positions of its open and close in that list. Counted
 * first, so the list is one array of the right size and not a growing one.
 */
function* sampledIndices(
  spans: TickSpan[],
  stride: number,
  perStep: number,
): Steps<{ indices: Float64Array; bounds: Uint32Array }> {
  let total = 0;
  for (const span of spans)
    total += span.last > span.first ? 2 + Math.floor((span.last - 1) / stride) - Math.floor(span.first / stride) : 1;
  const indices = new Float64Array(total);
  const bounds = new Uint32Array(2 * spans.length);
  let at = 0;
  let sinceYield = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const start = at;
    bounds[2 * i] = at;
    indices[at++] = span.first;
    for (let k = (Math.floor(span.first / stride) + 1) * stride; k < span.last; k += stride) indices[at++] = k;
    if (span.last > span.first) indices[at++] = span.last;
    bounds[2 * i + 1] = at - 1;
    sinceYield += at - start;
    if (sinceYield >= perStep) {
      sinceYield = 0;
      yield;
    }
  }
  return { indices, bounds };
}
