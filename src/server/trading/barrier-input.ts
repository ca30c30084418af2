import type { ContractBarrier } from './contract-spec.js';
import type { BarrierKind, OfferedContractType } from './offerings.js';
import { ok, refused, tradingErrors, type Checked } from './trading-errors.js';

/** The schema's pattern for `barrier`: an optional sign, digits, an optional decimal part, 1–20 characters. */
const BARRIER_PATTERN = /^(?=.{1,20}$)[+-]?[0-9]+\.?[0-9]*$/;
const DIGIT_PATTERN = /^[0-9]$/;

/**
 * The barrier as text, or undefined when absent. The schema types it as a string; a JSON number
 * is taken as its decimal text (our leniency), anything else fails the schema.
 */
export function barrierText(value: unknown, field: string): Checked<string | undefined> {
  if (value === undefined || value === null) return ok(undefined);
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !BARRIER_PATTERN.test(text)) return refused(tradingErrors.inputValidation(field));
  return ok(text);
}

function decimalsOf(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/**
 * A price barrier: "+x"/"-x" are offsets from the entry spot, an unsigned number is a price.
 * Both are accepted at every duration on these indices (docs/trading.md, "Calls").
 */
export function priceBarrier(text: string, pipSize: number): Checked<ContractBarrier> {
  if (decimalsOf(text) > pipSize) return refused(tradingErrors.barrierDecimals(pipSize));
  const value = Number(text);
  if (text.startsWith('+') || text.startsWith('-')) return ok({ kind: 'relative', offset: value });
  if (!(value > 0)) return refused(tradingErrors.barrierOutOfRange());
  return ok({ kind: 'absolute', price: value });
}

/** A digit barrier for MATCH/DIFF (0–9), OVER (0–8) and UNDER (1–9). */
export function digitBarrier(text: string, contractType: OfferedContractType): Checked<ContractBarrier> {
  if (!DIGIT_PATTERN.test(text)) return refused(tradingErrors.digitNotInteger());
  const digit = Number(text);
  if (contractType === 'DIGITOVER' && digit === 9) return refused(tradingErrors.digitOutOfRange(0, 8));
  if (contractType === 'DIGITUNDER' && digit === 0) return refused(tradingErrors.digitOutOfRange(1, 9));
  return ok({ kind: 'digit', digit });
}

/** The barrier a contract of this kind takes, checked: absent where none is allowed, present where one is needed. */
export function contractBarrier(
  kind: BarrierKind,
  text: string | undefined,
  contractType: OfferedContractType,
  pipSize: number,
): Checked<ContractBarrier | undefined> {
  if (kind === 'none') return text === undefined ? ok(undefined) : refused(tradingErrors.barrierNotAllowed());
  if (text === undefined)
    return refused(kind === 'digit' ? tradingErrors.missingDigit() : tradingErrors.singleBarrierExpected());
  return kind === 'digit' ? digitBarrier(text, contractType) : priceBarrier(text, pipSize);
}
