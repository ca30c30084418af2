import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SYMBOLS } from '../../../src/server/market/symbols.js';
import { PROPOSAL_CONTRACT_TYPES, type ProposalContractType } from '../../../src/server/trading/contract-types.js';
import { contractsFor, type ContractsForRow } from '../../../src/server/trading/contracts-for.js';
import { DEFAULT_TRADING_OPTIONS } from '../../../src/server/trading/trading-options.js';
import { validateContract } from '../../../src/server/trading/validate-contract.js';
import { validateAccumulator } from '../../../src/server/trading/validate-accumulator.js';
import { validateMultiplier } from '../../../src/server/trading/validate-multiplier.js';

const NOW = 1_767_225_600 + 3_600;
const DAY = 86_400;

function payload(symbol: string, landingCompany?: string) {
  const result = contractsFor(symbol, { now: NOW, spot: 1_000, ...(landingCompany ? { landingCompany } : {}) });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** "15s" → [15, 's'], "1d" → [1, 'd']. */
function parseDuration(text: string): [number, string] {
  const match = /^(\d+)([tsmhd])$/.exec(text);
  if (!match) throw new Error(`bad duration ${text}`);
  return [Number(match[1]), match[2]!];
}

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: DAY };

/** A row's limits in the unit validation counts them in: ticks, seconds (intraday) or days (daily). */
function rowLimits(row: ContractsForRow): { unit: 't' | 's' | 'd'; min: number; max: number } {
  const [min, minUnit] = parseDuration(row.min_contract_duration);
  const [max, maxUnit] = parseDuration(row.max_contract_duration);
  if (row.expiry_type === 'tick') return { unit: 't', min, max };
  if (row.expiry_type === 'daily')
    return { unit: 'd', min: (min * SECONDS[minUnit]!) / DAY, max: (max * SECONDS[maxUnit]!) / DAY };
  return { unit: 's', min: min * SECONDS[minUnit]!, max: max * SECONDS[maxUnit]! };
}

/** A proposal for this row, with its default barrier or a digit from its range. */
function proposalFor(row: ContractsForRow, duration: number, unit: string): Record<string, unknown> {
  const barrier = row.barrier ?? (row.last_digit_range ? String(row.last_digit_range[0]) : undefined);
  return {
    contract_type: row.contract_type,
    symbol: row.underlying_symbol,
    currency: 'USD',
    basis: 'stake',
    amount: 10,
    duration,
    duration_unit: unit,
    ...(barrier === undefined ? {} : { barrier }),
  };
}

describe('contracts_for', () => {
  it('lists the schema enum in full', () => {
    expectTypeOf<Exclude<ProposalContractType, (typeof PROPOSAL_CONTRACT_TYPES)[number]>>().toEqualTypeOf<never>();
    expect(new Set(PROPOSAL_CONTRACT_TYPES).size).toBe(40);
  });

  it('has one row per type × expiry type × barrier category, with the real reply fields', () => {
    const reply = payload('R_50');
    expect(reply).toMatchObject({
      close: 1_767_225_600 + DAY - 1,
      feed_license: 'realtime',
      non_available: [],
      open: 1_767_225_600,
      spot: 1_000,
    });
    // rise/fall 2 types × 3 expiry types, higher/lower 2 × 3, rise/fall equal 2 × 3, touch 2 × 3, digits 6 × 1,
    // multipliers 2, accumulators 1
    expect(reply.hit_count).toBe(33);
    expect(reply.available).toHaveLength(33);
    const keys = reply.available.map((row) => `${row.contract_type}/${row.expiry_type}/${row.barrier_category}`);
    expect(new Set(keys).size).toBe(33);
    // By category: the accumulator row comes first, then rise/fall's.
    expect(reply.available[0]!.contract_type).toBe('ACCU');
    expect(reply.available[1]).toEqual({
      barrier_category: 'euro_atm',
      barriers: 0,
      contract_category: 'callput',
      contract_category_display: 'Up/Down',
      contract_display: 'Higher',
      contract_type: 'CALL',
      exchange_name: 'RANDOM',
      expiry_type: 'daily',
      market: 'synthetic_index',
      max_contract_duration: '365d',
      min_contract_duration: '1d',
      sentiment: 'up',
      start_type: 'spot',
      submarket: 'random_index',
      underlying_symbol: 'R_50',
    });
    const find = (type: string, expiry: string, category?: string) =>
      reply.available.find(
        (row) =>
          row.contract_type === type && row.expiry_type === expiry && (!category || row.barrier_category === category),
      )!;
    expect(find('CALL', 'tick', 'euro_non_atm')).toMatchObject({
      min_contract_duration: '5t',
      max_contract_duration: '10t',
      barriers: 1,
    });
    expect(find('CALL', 'tick', 'euro_non_atm').barrier).toMatch(/^\+\d+\.\d{4}$/);
    expect(find('CALL', 'daily', 'euro_non_atm').barrier).toMatch(/^\d+\.\d{4}$/);
    expect(find('PUT', 'intraday', 'euro_atm')).toMatchObject({
      min_contract_duration: '15s',
      max_contract_duration: '1d',
    });
    expect(find('ONETOUCH', 'intraday')).toMatchObject({
      barrier_category: 'american',
      min_contract_duration: '2m',
      sentiment: 'high_vol',
    });
    expect(find('NOTOUCH', 'tick')).toMatchObject({
      contract_display: 'Does Not Touch',
      min_contract_duration: '5t',
      sentiment: 'low_vol',
    });
    expect(find('DIGITOVER', 'tick')).toMatchObject({
      last_digit_range: [0, 1, 2, 3, 4, 5, 6, 7, 8],
      barriers: 1,
      barrier_category: 'non_financial',
    });
    expect(find('DIGITUNDER', 'tick').last_digit_range).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(find('DIGITMATCH', 'tick').last_digit_range).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(find('DIGITEVEN', 'tick')).not.toHaveProperty('last_digit_range');
    expect(find('DIGITEVEN', 'tick').barriers).toBe(0);
    expect(find('MULTUP', 'no_expiry')).toEqual({
      barrier_category: 'american',
      barriers: 0,
      cancellation_range: ['5m', '10m', '15m', '30m', '60m'],
      contract_category: 'multiplier',
      contract_category_display: 'Multiply Up/Multiply Down',
      contract_display: 'Multiply Up',
      contract_type: 'MULTUP',
      exchange_name: 'RANDOM',
      expiry_type: 'no_expiry',
      market: 'synthetic_index',
      max_contract_duration: '0',
      min_contract_duration: '0',
      multiplier_range: [20, 40, 60, 100, 200],
      sentiment: 'up',
      start_type: 'spot',
      submarket: 'random_index',
      underlying_symbol: 'R_50',
    });
    expect(find('MULTDOWN', 'no_expiry')).toMatchObject({ contract_display: 'Multiply Down', sentiment: 'down' });
    expect(find('ACCU', 'no_expiry')).toEqual({
      barrier_category: 'american',
      barriers: 2,
      contract_category: 'accumulator',
      contract_category_display: 'Accumulator',
      contract_display: 'Accumulator',
      contract_type: 'ACCU',
      exchange_name: 'RANDOM',
      expiry_type: 'no_expiry',
      growth_rate_range: [0.01, 0.02, 0.03, 0.04, 0.05],
      market: 'synthetic_index',
      max_contract_duration: '0',
      min_contract_duration: '0',
      sentiment: 'low_vol',
      start_type: 'spot',
      submarket: 'random_index',
      underlying_symbol: 'R_50',
    });
    expect(reply.available.map((row) => row.contract_category)).toEqual(
      [...reply.available.map((row) => row.contract_category)].sort(),
    );
  });

  it('refuses unknown symbols and offers nothing to landing companies without volatility binaries', () => {
    expect(contractsFor('R_1000', { now: NOW, spot: 1 })).toEqual({
      ok: false,
      error: { code: 'InvalidSymbol', message: 'Symbol R_1000 invalid.' },
    });
    expect(payload('R_100', 'maltainvest')).toMatchObject({ available: [], hit_count: 0 });
    expect(payload('R_100', 'svg').hit_count).toBe(33);
  });
});

describe('contracts_for and validation agree (one table, two uses)', () => {
  const everyRow = SYMBOLS.flatMap((symbol) => payload(symbol.symbol).available);
  const rows = everyRow.filter((row) => row.expiry_type !== 'no_expiry');
  const multiplierRows = everyRow.filter((row) => row.contract_category === 'multiplier');

  it("every multiplier row's multipliers and cancellation windows validate, and nothing else does", () => {
    expect(multiplierRows).toHaveLength(2 * SYMBOLS.length);
    const multiplier = (row: ContractsForRow, extra: Record<string, unknown>) =>
      validateMultiplier(
        {
          contract_type: row.contract_type,
          symbol: row.underlying_symbol,
          currency: 'USD',
          basis: 'stake',
          amount: 10,
          ...extra,
        },
        { now: NOW },
        DEFAULT_TRADING_OPTIONS,
      );
    for (const row of multiplierRows) {
      for (const value of row.multiplier_range!) expect(multiplier(row, { multiplier: value }).ok).toBe(true);
      for (const value of [row.multiplier_range![0]! - 1, row.multiplier_range!.at(-1)! * 2, 0.5])
        expect(multiplier(row, { multiplier: value })).toMatchObject({
          ok: false,
          error: {
            code: 'ContractBuyValidationError',
            message: `Multiplier is not in acceptable range. Accepts ${row.multiplier_range!.join(',')}.`,
          },
        });
      const first = row.multiplier_range![0]!;
      for (const window of row.cancellation_range!)
        expect(multiplier(row, { multiplier: first, cancellation: window }).ok).toBe(true);
      for (const window of ['1m', '2h', '60', ''])
        expect(multiplier(row, { multiplier: first, cancellation: window })).toMatchObject({
          ok: false,
          error: { message: 'Deal cancellation is not offered at this duration.' },
        });
    }
  });

  it("every accumulator row's growth rates validate, and nothing else does", () => {
    const accumulatorRows = everyRow.filter((row) => row.contract_type === 'ACCU');
    expect(accumulatorRows).toHaveLength(SYMBOLS.length);
    const accumulator = (row: ContractsForRow, growth_rate: number) =>
      validateAccumulator(
        {
          contract_type: 'ACCU',
          symbol: row.underlying_symbol,
          currency: 'USD',
          basis: 'stake',
          amount: 10,
          growth_rate,
        },
        { now: NOW },
      );
    for (const row of accumulatorRows) {
      for (const rate of row.growth_rate_range!) expect(accumulator(row, rate).ok).toBe(true);
      for (const rate of [0, 0.015, 0.06, 1, 3])
        expect(accumulator(row, rate)).toMatchObject({
          ok: false,
          error: {
            code: 'ContractBuyValidationError',
            message: 'Growth rate is not in acceptable range. Accepts 0.01, 0.02, 0.03, 0.04, 0.05.',
          },
        });
    }
  });

  it('every row of every symbol accepts its min and max durations and refuses just outside them', () => {
    for (const row of rows) {
      const { unit, min, max } = rowLimits(row);
      for (const duration of [min, max]) {
        const checked = validateContract(proposalFor(row, duration, unit), { now: NOW });
        expect(checked.ok, `${row.contract_type} ${duration}${unit} ${JSON.stringify(checked)}`).toBe(true);
        expect(checked.ok && checked.value.expiryType).toBe(row.expiry_type);
      }
      for (const duration of [min - 1, max + 1]) {
        const checked = validateContract(proposalFor(row, duration, unit), { now: NOW });
        expect(checked.ok ? 'accepted' : checked.error.code, `${row.contract_type} ${duration}${unit}`).toMatch(
          /^OfferingsValidation(Error|Failure)$/,
        );
      }
    }
  });

  it('a duration validates exactly when a row of its type and expiry type covers it', () => {
    const offeredTypes = [...new Set(rows.map((row) => row.contract_type))];
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...SYMBOLS.map((symbol) => symbol.symbol)),
        fc.constantFrom(...offeredTypes),
        fc.boolean(),
        fc.constantFrom('t', 's', 'm', 'h', 'd'),
        fc.integer({ min: 0, max: 100_000 }),
        (symbol, type, withBarrier, unit, duration) => {
          const candidates = rows.filter((row) => row.underlying_symbol === symbol && row.contract_type === type);
          const byBarrier = candidates.filter((row) =>
            type === 'CALL' || type === 'PUT' ? (row.barrier_category === 'euro_non_atm') === withBarrier : true,
          );
          const template = byBarrier[0]!;
          const expiryType = unit === 't' ? 'tick' : unit === 'd' ? 'daily' : 'intraday';
          const row = byBarrier.find((candidate) => candidate.expiry_type === expiryType);
          const inRowUnits = unit === 't' || unit === 'd' ? duration : duration * SECONDS[unit]!;
          const covered = row !== undefined && inRowUnits >= rowLimits(row).min && inRowUnits <= rowLimits(row).max;
          const checked = validateContract(proposalFor(row ?? template, duration, unit), { now: NOW });
          expect(checked.ok).toBe(covered);
          outcomes[covered ? 'accepted' : 'refused']++;
        },
      ),
      { numRuns: 2_000 },
    );
    // Both sides of the boundary were exercised, not only refusals.
    expect(outcomes.accepted).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(100);
  });

  it('a fixed expiry validates when the intraday or daily row covers its distance from now', () => {
    const params = {
      contract_type: 'ONETOUCH',
      symbol: 'R_100',
      currency: 'USD',
      basis: 'payout',
      amount: 10,
      barrier: '+5',
    };
    const at = (seconds: number) => validateContract({ ...params, date_expiry: NOW + seconds }, { now: NOW });
    expect(at(119)).toMatchObject({ ok: false, error: { code: 'OfferingsValidationError' } });
    expect(at(120)).toMatchObject({ ok: true, value: { expiryType: 'intraday' } });
    expect(at(DAY)).toMatchObject({ ok: true, value: { expiryType: 'intraday' } });
    expect(at(DAY + 1)).toMatchObject({ ok: true, value: { expiryType: 'daily' } });
    expect(at(365 * DAY)).toMatchObject({ ok: true });
    expect(at(365 * DAY + 1)).toMatchObject({
      ok: false,
      error: { message: 'Trading is not offered for this duration.' },
    });
    expect(at(0)).toMatchObject({
      ok: false,
      error: { code: 'ContractBuyValidationError', message: 'Invalid expiry time.' },
    });
  });
});
