import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricePath } from '../../../src/server/market/price-path.js';
import { symbolSpec } from '../../../src/server/market/symbols.js';
import type { ContractSpec } from '../../../src/server/trading/contract-spec.js';
import type { OfferedContractType } from '../../../src/server/trading/offerings.js';
import { specFromTerms, storedTerms } from '../../../src/server/trading/stored-contract.js';
import { validateContract } from '../../../src/server/trading/validate-contract.js';
import { decidedBy, entryTick, exitEpoch, lastDigit, outcomeAt } from '../../../src/server/trading/settlement-rules.js';

const R100 = symbolSpec('R_100')!;
const HZ100 = symbolSpec('1HZ100V')!;
const path = new PricePath(42, R100);
const fast = new PricePath(42, HZ100);
// A purchase second between two ticks of R_100 (ticks are 2 s apart on even epochs from the origin).
const START = 1_790_000_001;

type Duration = { ticks: number } | { seconds: number };
type Extra = { barrier?: string; digit?: number; dateStart?: number; symbol?: string };

/** A contract as a proposal would make it, validated against the offerings table, started at `dateStart`. */
function terms(contractType: OfferedContractType, duration: Duration, extra: Extra = {}): ContractSpec {
  const { dateStart = START, symbol = 'R_100' } = extra;
  const params = {
    contract_type: contractType,
    symbol,
    currency: 'USD',
    basis: 'stake',
    amount: 10,
    ...('ticks' in duration
      ? { duration: duration.ticks, duration_unit: 't' }
      : { duration: duration.seconds, duration_unit: 's' }),
    ...(extra.barrier !== undefined ? { barrier: extra.barrier } : {}),
    ...(extra.digit !== undefined ? { barrier: String(extra.digit) } : {}),
  };
  const checked = validateContract(params, { now: dateStart });
  if (!checked.ok) throw new Error(`${JSON.stringify(params)}: ${checked.error.message}`);
  // Through the stored form, as settlement after a restart reads it.
  return specFromTerms(storedTerms(checked.value));
}

describe('entry and exit ticks', () => {
  it('the entry tick is the first tick strictly after the purchase second, even when one falls on it', () => {
    expect(entryTick(path, terms('CALL', { ticks: 1 })).epoch).toBe(1_790_000_002);
    expect(entryTick(path, terms('CALL', { ticks: 1 }, { dateStart: 1_790_000_002 })).epoch).toBe(1_790_000_004);
    expect(entryTick(fast, terms('CALL', { ticks: 1 }, { symbol: '1HZ100V' })).epoch).toBe(START + 1);
  });

  it('rise/fall and touch end N ticks after the entry tick; digits on the Nth tick counting the entry', () => {
    expect(exitEpoch(path, terms('CALL', { ticks: 5 }))).toBe(1_790_000_002 + 5 * 2);
    expect(exitEpoch(path, terms('ONETOUCH', { ticks: 5 }, { barrier: '+1' }))).toBe(1_790_000_012);
    expect(exitEpoch(path, terms('DIGITODD', { ticks: 1 }))).toBe(1_790_000_002);
    expect(exitEpoch(path, terms('DIGITMATCH', { ticks: 5 }, { digit: 3 }))).toBe(1_790_000_010);
  });

  it('an intraday contract ends on the last tick at or before expiry, decided only once a later tick exists', () => {
    const intraday = terms('CALL', { seconds: 15 });
    expect(exitEpoch(path, intraday)).toBe(START + 15);
    expect(decidedBy(path, intraday)).toBe(START + 17);
    expect(outcomeAt(path, intraday, R100.pipSize, START + 16)).toBeUndefined();
    expect(outcomeAt(path, intraday, R100.pipSize, START + 17)?.exit.epoch).toBe(START + 15);
  });
});

describe('win rules', () => {
  it('rise/fall against the entry spot; CALLE/PUTE win on equal too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10 }), (offset, ticks) => {
        const base = terms('CALL', { ticks }, { dateStart: START + offset * 2 });
        const call = outcomeAt(path, base, R100.pipSize, Number.MAX_SAFE_INTEGER)!;
        expect(call.barrier).toBe(call.entry.quote);
        expect(call.won).toBe(call.exit.quote > call.entry.quote);
        expect(
          outcomeAt(path, terms('PUT', { ticks }, { dateStart: base.dateStart }), R100.pipSize, Infinity)!.won,
        ).toBe(call.exit.quote < call.entry.quote);
        expect(
          outcomeAt(path, terms('CALLE', { ticks }, { dateStart: base.dateStart }), R100.pipSize, Infinity)!.won,
        ).toBe(call.exit.quote >= call.entry.quote);
        expect(
          outcomeAt(path, terms('PUTE', { ticks }, { dateStart: base.dateStart }), R100.pipSize, Infinity)!.won,
        ).toBe(call.exit.quote <= call.entry.quote);
      }),
      { numRuns: 200 },
    );
  });

  it('higher/lower against entry spot + offset (to the pip), or an absolute barrier', () => {
    const relative = outcomeAt(path, terms('CALL', { ticks: 5 }, { barrier: '+0.1' }), R100.pipSize, Infinity)!;
    expect(relative.barrier).toBe(Number((relative.entry.quote + 0.1).toFixed(2)));
    expect(relative.won).toBe(relative.exit.quote > relative.barrier!);
    const absolute = outcomeAt(path, terms('PUT', { ticks: 5 }, { barrier: '1000000' }), R100.pipSize, Infinity)!;
    expect(absolute).toMatchObject({ barrier: 1_000_000, won: true });
  });

  it('digits read the last digit of the pip-sized quote, trailing zeros kept', () => {
    expect(lastDigit(1234.5, 2)).toBe(0);
    expect(lastDigit(1234.57, 2)).toBe(7);
    expect(lastDigit(187.1, 4)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 9 }), (offset, digit) => {
        const at = (contractType: OfferedContractType) => {
          const needsDigit = !['DIGITEVEN', 'DIGITODD'].includes(contractType);
          const usable =
            contractType === 'DIGITOVER'
              ? Math.min(digit, 8)
              : contractType === 'DIGITUNDER'
                ? Math.max(digit, 1)
                : digit;
          return outcomeAt(
            path,
            terms(
              contractType,
              { ticks: 1 },
              { dateStart: START + offset * 2, ...(needsDigit ? { digit: usable } : {}) },
            ),
            R100.pipSize,
            Infinity,
          )!;
        };
        const last = lastDigit(at('DIGITMATCH').exit.quote, R100.pipSize);
        expect(at('DIGITMATCH').exit).toEqual(at('DIGITMATCH').entry);
        expect(at('DIGITMATCH').won).toBe(last === digit);
        expect(at('DIGITDIFF').won).toBe(last !== digit);
        expect(at('DIGITOVER').won).toBe(last > Math.min(digit, 8));
        expect(at('DIGITUNDER').won).toBe(last < Math.max(digit, 1));
        expect(at('DIGITEVEN').won).toBe(last % 2 === 0);
        expect(at('DIGITODD').won).toBe(last % 2 === 1);
      }),
      { numRuns: 200 },
    );
  });

  it('a touch is decided at the first tick after entry that reaches the barrier; no touch by the exit means NOTOUCH wins', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (offset, move) => {
          const size = Math.abs(Number(move.toFixed(2))) || 0.5;
          const barrier = `${move < 0 ? '-' : '+'}${size.toFixed(2)}`;
          const base = terms('ONETOUCH', { ticks: 10 }, { barrier, dateStart: START + offset * 2 });
          const touch = outcomeAt(path, base, R100.pipSize, Infinity)!;
          const noTouch = outcomeAt(
            path,
            terms('NOTOUCH', { ticks: 10 }, { barrier, dateStart: base.dateStart }),
            R100.pipSize,
            Infinity,
          )!;
          const after = path.ticks(touch.entry.epoch + 2, exitEpoch(path, base));
          const up = touch.barrier! > touch.entry.quote;
          const hit = after.find((tick) => (up ? tick.quote >= touch.barrier! : tick.quote <= touch.barrier!));
          expect(touch.won).toBe(hit !== undefined);
          expect(noTouch.won).toBe(hit === undefined);
          expect(touch.exit).toEqual(hit ?? after.at(-1));
          expect(touch.decidedAt).toBe(hit ? hit.epoch : exitEpoch(path, base));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is undecided before the entry tick and before the exit; the same outcome in any process', () => {
    const call = terms('CALL', { ticks: 5 });
    expect(outcomeAt(path, call, R100.pipSize, START)).toBeUndefined();
    expect(outcomeAt(path, call, R100.pipSize, 1_790_000_011)).toBeUndefined();
    const decided = outcomeAt(path, call, R100.pipSize, 1_790_000_012);
    expect(decided).toEqual(outcomeAt(new PricePath(42, R100), call, R100.pipSize, 1_790_000_012));
  });
});
