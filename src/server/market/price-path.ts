import { finish, type Steps } from '../work/steps.js';
import { normalAt } from './random.js';
import type { SymbolSpec } from './symbols.js';

/** 2026-01-01T00:00:00Z: tick index 0, where every symbol sits at its start price. */
export const ORIGIN_EPOCH = 1_767_225_600;

/**
 * Ticks exist 2^32 intervals either side of the origin (136 years at 1 s). The bridge is a
 * binary tree over [−2^32, 2^32] whose root is the origin: this many levels of midpoints.
 */
export const BRIDGE_DEPTH = 33;
const HALF_SPAN = 2 ** 32;
const SECONDS_PER_YEAR = 365 * 24 * 3600;
const MAX_TICKS_PER_CALL = 1_000_000;
/** Windows this short are read one remembered index at a time (a descent each, unless remembered). */
const FEW_TICKS = 4;
/** Single indices remembered per path: a few minutes of ticks, a few kB. */
const RECENT_INDICES = 256;

// Counter spaces, so that no two normals share a (space, counter): bridge nodes are keyed
// by |k|, which the two sides of the origin have in common.
const POSITIVE_NODES = 0;
const NEGATIVE_NODES = 1;
const ANCHORS = 2;

export interface Tick {
  epoch: number;
  quote: number;
}

/**
 * One symbol's market as a pure function of (seed, symbol, epoch): driftless geometric
 * Brownian motion, built by a Brownian bridge (Lévy's construction) from fixed anchors
 * instead of step by step, so any tick costs O(depth) and any window O(n + depth), in any
 * process, with no history to replay.
 *
 * In log price L the path is a Brownian motion with drift −σ²/2 per year. Each integer
 * k ≠ 0 in (−2^32, 2^32) is the midpoint of exactly one dyadic interval [a, b] and owns one
 * normal Z(k): L(k) = (L(a) + L(b)) / 2 + σ·√(dt·(b − a)/4)·Z(k). The drift cancels inside
 * a bridge; it enters through the anchors L(±2^32).
 */
export class PricePath {
  readonly intervalSeconds: number;
  readonly #seed: number;
  readonly #symbolIndex: number;
  readonly #quoteScale: number;
  readonly #logStart: number;
  readonly #logFirst: number;
  readonly #logLast: number;
  /** By level: the midpoint's standard deviation in an interval of 2^level ticks. */
  readonly #midpointDeviation: Float64Array;
  #evaluations = 0;
  /**
   * The last few indices asked for one at a time: settling ten thousand contracts that entered
   * and exited on the same ticks asks for those ticks twenty thousand times, each a descent of
   * BRIDGE_DEPTH hashed draws. The path is a pure function, so a hit is the same number.
   */
  readonly #recent = new Map<number, number>();

  /** `intervalSeconds` overrides the symbol's (a positive whole number of seconds); dt follows it. */
  constructor(seed: number, spec: SymbolSpec, intervalSeconds = spec.intervalSeconds) {
    if (!Number.isInteger(intervalSeconds) || intervalSeconds <= 0)
      throw new RangeError(`intervalSeconds must be a positive integer, got ${intervalSeconds}`);
    this.intervalSeconds = intervalSeconds;
    this.#seed = seed >>> 0;
    this.#symbolIndex = spec.index;
    this.#quoteScale = 10 ** spec.pipSize;
    const dt = intervalSeconds / SECONDS_PER_YEAR;
    const sigma = spec.sigma;
    this.#midpointDeviation = new Float64Array(BRIDGE_DEPTH + 1);
    for (let level = 1; level <= BRIDGE_DEPTH; level++)
      this.#midpointDeviation[level] = sigma * Math.sqrt((dt * 2 ** level) / 4);
    const meanHalfSpan = (-sigma * sigma * HALF_SPAN * dt) / 2;
    const deviationHalfSpan = sigma * Math.sqrt(HALF_SPAN * dt);
    this.#logStart = Math.log(spec.startPrice);
    this.#logLast =
      this.#logStart + meanHalfSpan + deviationHalfSpan * normalAt(this.#seed, this.#symbolIndex, ANCHORS, 0);
    // Going back in time the path loses its drift: L(0) − L(−2^32) is the forward increment.
    this.#logFirst =
      this.#logStart - meanHalfSpan - deviationHalfSpan * normalAt(this.#seed, this.#symbolIndex, ANCHORS, 1);
  }

  /** Bridge midpoints computed so far by this instance: what `maxEvaluations` budgets in candles. */
  get evaluations(): number {
    return this.#evaluations;
  }

  /** The index of the latest tick at or before `epoch`. */
  indexAtOrBefore(epoch: number): number {
    return Math.floor((epoch - ORIGIN_EPOCH) / this.intervalSeconds);
  }

  /** The index of the earliest tick at or after `epoch`. */
  indexAtOrAfter(epoch: number): number {
    return Math.ceil((epoch - ORIGIN_EPOCH) / this.intervalSeconds);
  }

  epochOfIndex(k: number): number {
    return ORIGIN_EPOCH + k * this.intervalSeconds;
  }

  /** The latest tick epoch at or before `epoch` (ticks sit on ORIGIN_EPOCH + k·interval). */
  tickEpochAtOrBefore(epoch: number): number {
    return this.epochOfIndex(this.indexAtOrBefore(epoch));
  }

  /** The quote of the tick at that epoch (must be a tick epoch, else RangeError), rounded to the pip. */
  quoteAt(epoch: number): number {
    const k = (epoch - ORIGIN_EPOCH) / this.intervalSeconds;
    if (!Number.isInteger(k))
      throw new RangeError(
        `${epoch} is not a tick epoch: ticks are ${this.intervalSeconds} s apart from ${ORIGIN_EPOCH}`,
      );
    return this.quoteOf(this.logPriceAtIndex(k));
  }

  /** Every tick with from ≤ epoch ≤ to, oldest first. Throws RangeError over 1_000_000 ticks. */
  ticks(fromEpoch: number, toEpoch: number): Tick[] {
    const first = this.indexAtOrAfter(fromEpoch);
    const count = this.indexAtOrBefore(toEpoch) - first + 1;
    // A few: without the stepping generator, which costs more than the ticks (ticksInSteps).
    if (count > 0 && count <= FEW_TICKS) return this.#fewTicks(first, count);
    return finish(this.ticksInSteps(fromEpoch, toEpoch, Infinity));
  }

  /** One tick or a few, from the remembered single indices. */
  #fewTicks(first: number, count: number): Tick[] {
    const ticks: Tick[] = new Array(count);
    for (let i = 0; i < count; i++)
      ticks[i] = { epoch: this.epochOfIndex(first + i), quote: this.quoteOf(this.logPriceAtIndex(first + i)) };
    return ticks;
  }

  /** `ticks`, pausing after every `perStep` ticks priced. */
  *ticksInSteps(fromEpoch: number, toEpoch: number, perStep: number): Steps<Tick[]> {
    const first = this.indexAtOrAfter(fromEpoch);
    const count = this.indexAtOrBefore(toEpoch) - first + 1;
    if (count <= 0) return [];
    if (count > MAX_TICKS_PER_CALL)
      throw new RangeError(`${count} ticks asked for, at most ${MAX_TICKS_PER_CALL} per call`);
    // One tick or a few, as the settler and every open multiplier's stream ask on each tick:
    // the remembered single indices serve them, where a window would descend the bridge anew.
    if (count <= FEW_TICKS) return this.#fewTicks(first, count);
    const ticks: Tick[] = new Array(count);
    const indices = new Float64Array(count);
    for (let i = 0; i < count; i++) indices[i] = first + i;
    const logPrices = yield* this.logPricesInSteps(indices, perStep);
    for (let i = 0; i < count; i++)
      ticks[i] = { epoch: this.epochOfIndex(first + i), quote: this.quoteOf(logPrices[i]!) };
    return ticks;
  }

  /** The quote for an unrounded log price: rounded in whole pips, so it prints with at most pipSize decimals. */
  quoteOf(logPrice: number): number {
    return Math.round(Math.exp(logPrice) * this.#quoteScale) / this.#quoteScale;
  }

  /** Unrounded log price at a tick index, by one descent from the root. */
  logPriceAtIndex(k: number): number {
    const known = this.#recent.get(k);
    if (known !== undefined) return known;
    const logPrice = this.#descend(k);
    if (this.#recent.size >= RECENT_INDICES) this.#recent.delete(this.#recent.keys().next().value!);
    this.#recent.set(k, logPrice);
    return logPrice;
  }

  #descend(k: number): number {
    checkIndex(k);
    if (k === HALF_SPAN) return this.#logLast;
    if (k === -HALF_SPAN) return this.#logFirst;
    let low = -HALF_SPAN;
    let high = HALF_SPAN;
    let logLow = this.#logFirst;
    let logHigh = this.#logLast;
    for (let level = BRIDGE_DEPTH; ; level--) {
      const middle = (low + high) / 2;
      const logMiddle = this.#logAtMidpoint(middle, level, logLow, logHigh);
      if (k === middle) return logMiddle;
      if (k < middle) {
        high = middle;
        logHigh = logMiddle;
      } else {
        low = middle;
        logLow = logMiddle;
      }
    }
  }

  /**
   * Unrounded log prices at ascending, distinct tick indices. One descent serves them all:
   * a midpoint is computed once however many of the indices lie under it, so n consecutive
   * indices cost about n + 2·depth midpoints.
   */
  logPricesAtIndices(indices: ArrayLike<number>): Float64Array {
    return finish(this.logPricesInSteps(indices, Infinity));
  }

  /**
   * `logPricesAtIndices`, one descent per `perStep` indices, pausing between descents. The
   * prices are the same whichever descent reaches a node (each is computed from its two
   * ends alone); a step costs at most 2·depth midpoints more.
   */
  *logPricesInSteps(indices: ArrayLike<number>, perStep: number): Steps<Float64Array> {
    const count = indices.length;
    for (let i = 0; i < count; i++) {
      checkIndex(indices[i]!);
      if (i > 0 && indices[i]! <= indices[i - 1]!) throw new RangeError('tick indices must be ascending and distinct');
      if ((i + 1) % perStep === 0) yield;
    }
    const logPrices = new Float64Array(count);
    let from = 0;
    let to = count;
    if (count > 0 && indices[0] === -HALF_SPAN) logPrices[from++] = this.#logFirst;
    if (to > from && indices[to - 1] === HALF_SPAN) logPrices[--to] = this.#logLast;
    for (let start = from; start < to; start += perStep) {
      const end = Math.min(to, start + perStep);
      this.#fill(-HALF_SPAN, HALF_SPAN, BRIDGE_DEPTH, this.#logFirst, this.#logLast, indices, start, end, logPrices);
      if (end < to) yield;
    }
    return logPrices;
  }

  /** Fills logPrices[from, to), whose indices lie strictly inside (low, high), a dyadic interval of 2^level ticks. */
  #fill(
    low: number,
    high: number,
    level: number,
    logLow: number,
    logHigh: number,
    indices: ArrayLike<number>,
    from: number,
    to: number,
    logPrices: Float64Array,
  ): void {
    const middle = (low + high) / 2;
    const logMiddle = this.#logAtMidpoint(middle, level, logLow, logHigh);
    let split = from;
    let end = to;
    while (split < end) {
      const probe = (split + end) >>> 1;
      if (indices[probe]! < middle) split = probe + 1;
      else end = probe;
    }
    let right = split;
    if (right < to && indices[right] === middle) logPrices[right++] = logMiddle;
    if (from < split) this.#fill(low, middle, level - 1, logLow, logMiddle, indices, from, split, logPrices);
    if (right < to) this.#fill(middle, high, level - 1, logMiddle, logHigh, indices, right, to, logPrices);
  }

  #logAtMidpoint(middle: number, level: number, logLow: number, logHigh: number): number {
    // The root: the origin is pinned to the start price, not drawn.
    if (middle === 0) return this.#logStart;
    this.#evaluations++;
    const normal =
      middle > 0
        ? normalAt(this.#seed, this.#symbolIndex, POSITIVE_NODES, middle)
        : normalAt(this.#seed, this.#symbolIndex, NEGATIVE_NODES, -middle);
    return (logLow + logHigh) / 2 + this.#midpointDeviation[level]! * normal;
  }
}

function checkIndex(k: number): void {
  if (!Number.isInteger(k) || Math.abs(k) > HALF_SPAN)
    throw new RangeError(`tick index ${k} is outside the simulated range ±2^32`);
}
