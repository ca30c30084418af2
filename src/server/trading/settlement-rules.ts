import type { PricePath, Tick } from '../market/price-path.js';
import { barrierLevel, type ContractSpec } from './contract-spec.js';

const isDigitContract = (terms: ContractSpec) => terms.trade.category === 'digits';
const isTouchContract = (terms: ContractSpec) => terms.trade.category === 'touchnotouch';
const isTickContract = (terms: ContractSpec) => terms.expiry.kind === 'ticks';

/**
 * How a binary contract ends, worked out from the market's path alone (docs/trading.md,
 * "Settlement"). Nothing here keeps state: the same terms on the same path give the same
 * outcome in any process, before or after a restart.
 */

/** Ticks of path scanned per step when looking for a touch: a day of 1-second ticks is 86 400. */
const TOUCH_SCAN_TICKS = 4_096;

export interface ContractOutcome {
  readonly entry: Tick;
  /** The tick it ended on: the exit tick, or for a ONETOUCH that touched, the touching tick. */
  readonly exit: Tick;
  /** The barrier as a price (the entry spot for ATM), for the open-contract view; undefined for digits. */
  readonly barrier: number | undefined;
  readonly won: boolean;
  /** When it was decided: a ONETOUCH pays at the touch, everything else at the exit tick. */
  readonly decidedAt: number;
}

/** The entry tick: the first tick strictly after the purchase second. */
export function entryTick(path: PricePath, terms: ContractSpec): Tick {
  const epoch = path.epochOfIndex(path.indexAtOrAfter(terms.dateStart + 1));
  return { epoch, quote: path.quoteAt(epoch) };
}

/**
 * The epoch of the exit tick. Tick contracts count from the entry tick: rise/fall and touch
 * need N ticks after it (N + 1 in all), digits N including it, so a 1-tick digit ends on its
 * entry tick. Intraday ones end on the last tick at or before the expiry.
 */
export function exitEpoch(path: PricePath, terms: ContractSpec): number {
  const { expiry } = terms;
  if (expiry.kind === 'ticks') {
    const entry = path.indexAtOrAfter(terms.dateStart + 1);
    return path.epochOfIndex(entry + expiry.ticks - (isDigitContract(terms) ? 1 : 0));
  }
  return path.tickEpochAtOrBefore(terms.dateExpiry);
}

/**
 * The latest epoch at which the outcome is known: the exit tick for tick contracts; for
 * intraday ones the tick after the exit tick, since the exit is only final once a later tick
 * exists. A touch may be decided sooner.
 */
export function decidedBy(path: PricePath, terms: ContractSpec): number {
  const exit = exitEpoch(path, terms);
  return isTickContract(terms) ? exit : exit + path.intervalSeconds;
}

/** The barrier as a price: the entry spot plus a relative offset (rounded to the pip), an absolute one, or the entry spot (ATM). */
export function barrierPrice(terms: ContractSpec, entrySpot: number, pipSize: number): number | undefined {
  const { barrier } = terms;
  if (isDigitContract(terms) || barrier?.kind === 'digit') return undefined;
  return barrier ? barrierLevel(barrier, entrySpot, pipSize) : entrySpot;
}

/** The last digit of a quote printed with the symbol's pip size: 1234.50 → 0, trailing zeros kept. */
export function lastDigit(quote: number, pipSize: number): number {
  const text = quote.toFixed(pipSize);
  return Number(text[text.length - 1]);
}

/**
 * The outcome once `now` (epoch seconds) has reached it, else undefined. A touch contract is
 * decided at the first tick after entry that reaches its barrier (at or beyond it), or at the
 * exit tick if none did. The path is read in windows of a few thousand ticks, from `scanFrom`
 * (where the caller last looked without a touch) or the tick after entry.
 */
export function outcomeAt(
  path: PricePath,
  terms: ContractSpec,
  pipSize: number,
  now: number,
  scanFrom = 0,
): ContractOutcome | undefined {
  const entry = entryTick(path, terms);
  if (now < entry.epoch) return undefined;
  const exitAt = exitEpoch(path, terms);
  const barrier = barrierPrice(terms, entry.quote, pipSize);
  if (isTouchContract(terms)) {
    const touch = firstTouch(
      path,
      entry,
      barrier!,
      Math.max(scanFrom, entry.epoch + path.intervalSeconds),
      Math.min(exitAt, now),
    );
    if (touch) return { entry, exit: touch, barrier, won: terms.contractType === 'ONETOUCH', decidedAt: touch.epoch };
  }
  if (now < decidedBy(path, terms)) return undefined;
  const exit = { epoch: exitAt, quote: path.quoteAt(exitAt) };
  return { entry, exit, barrier, won: wins(terms, exit.quote, barrier, pipSize), decidedAt: decidedBy(path, terms) };
}

/** The win rule at the exit quote, for every type but a touch that touched. */
function wins(terms: ContractSpec, exit: number, barrier: number | undefined, pipSize: number): boolean {
  const digit = lastDigit(exit, pipSize);
  const chosen = terms.barrier?.kind === 'digit' ? terms.barrier.digit : 0;
  switch (terms.contractType) {
    case 'CALL':
      return exit > barrier!;
    case 'PUT':
      return exit < barrier!;
    case 'CALLE':
      return exit >= barrier!;
    case 'PUTE':
      return exit <= barrier!;
    case 'ONETOUCH':
      return false;
    case 'NOTOUCH':
      return true;
    case 'DIGITMATCH':
      return digit === chosen;
    case 'DIGITDIFF':
      return digit !== chosen;
    case 'DIGITOVER':
      return digit > chosen;
    case 'DIGITUNDER':
      return digit < chosen;
    case 'DIGITEVEN':
      return digit % 2 === 0;
    case 'DIGITODD':
      return digit % 2 === 1;
  }
}

/** The first tick in [start, until] at or beyond the barrier, on the barrier's side of the entry spot. */
function firstTouch(path: PricePath, entry: Tick, barrier: number, start: number, until: number): Tick | undefined {
  const up = barrier > entry.quote;
  for (let from = start; from <= until; from += TOUCH_SCAN_TICKS * path.intervalSeconds) {
    const to = Math.min(until, from + (TOUCH_SCAN_TICKS - 1) * path.intervalSeconds);
    for (const tick of path.ticks(from, to)) if (up ? tick.quote >= barrier : tick.quote <= barrier) return tick;
  }
  return undefined;
}
