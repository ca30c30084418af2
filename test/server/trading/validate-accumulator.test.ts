import { describe, expect, it } from 'vitest';
import { barrierFields } from '../../../src/server/calls/trading/accumulator-proposal-fields.js';
import { accumulatorLongcode, accumulatorShortcode } from '../../../src/server/trading/accumulator-codes.js';
import { barriersAround } from '../../../src/server/trading/accumulator-path.js';
import type { AccumulatorSpec } from '../../../src/server/trading/accumulator-spec.js';
import { tradeFromTerms, storedTerms } from '../../../src/server/trading/stored-contract.js';
import { DEFAULT_TRADING_OPTIONS } from '../../../src/server/trading/trading-options.js';
import { validateTrade } from '../../../src/server/trading/validate-trade.js';

const NOW = 1_800_000_000;
const ACCU = {
  contract_type: 'ACCU',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  growth_rate: 0.01,
};

const check = (params: Record<string, unknown>, intervals?: Record<string, number>) =>
  validateTrade(params, { now: NOW, ...(intervals ? { intervals } : {}) }, DEFAULT_TRADING_OPTIONS);
const refusal = (params: Record<string, unknown>) => {
  const checked = check(params);
  return checked.ok ? 'accepted' : checked.error;
};
const accepted = (params: Record<string, unknown>) => {
  const checked = check(params);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value as AccumulatorSpec;
};

describe('validating an accumulator', () => {
  it("a valid one carries its stake, growth rate, take profit and the barriers' half-width for its symbol and tick interval", () => {
    expect(check({ ...ACCU, limit_order: { take_profit: 5 } })).toEqual({
      ok: true,
      value: expect.objectContaining({
        kind: 'accumulator',
        contractType: 'ACCU',
        symbol: expect.objectContaining({ symbol: 'R_100' }),
        intervalSeconds: 2,
        currency: 'USD',
        stake: 10,
        growthRate: 0.01,
        // The reference's R_100 value at 1 %, kept to 12 decimals.
        tickSizeBarrier: 0.00061255,
        takeProfit: 5,
        dateStart: NOW,
      }),
    });
    expect(accepted({ ...ACCU, symbol: '1HZ10V' }).tickSizeBarrier).toBe(0.000043313826);
    // A market ticking every second prices R_100's steps over 1 s: narrower barriers, the same odds.
    expect(accepted({ ...ACCU, growth_rate: 0.05 }).tickSizeBarrier).toBe(0.00048625);
    expect(check({ ...ACCU, growth_rate: 0.05 }, { R_100: 1 })).toMatchObject({
      ok: true,
      value: { intervalSeconds: 1, tickSizeBarrier: Number((0.00048625 / Math.SQRT2).toFixed(12)) },
    });
    expect(accepted(ACCU)).not.toHaveProperty('takeProfit');
  });

  it('creation: basis stake, a growth rate, no barrier, expiry, forward start, multiplier terms or stop loss (the real texts)', () => {
    expect(refusal({ ...ACCU, basis: 'payout' })).toEqual({
      code: 'ContractCreationFailure',
      message: 'Basis must be stake for this contract.',
      field: 'basis',
    });
    expect(refusal({ ...ACCU, growth_rate: undefined })).toEqual({
      code: 'ContractCreationFailure',
      message: 'Missing required contract parameters (growth_rate).',
    });
    expect(refusal({ ...ACCU, growth_rate: '0.01' })).toMatchObject({ code: 'InputValidationFailed' });
    for (const extra of [{ duration: 5, duration_unit: 't' }, { date_expiry: NOW + 60 }])
      expect(refusal({ ...ACCU, ...extra })).toMatchObject({
        code: 'ContractCreationFailure',
        message: 'Invalid input (duration or date_expiry) for this contract type (ACCU).',
      });
    expect(refusal({ ...ACCU, barrier: '+0.1' })).toMatchObject({
      code: 'ContractCreationFailure',
      message: 'Barrier is not allowed for this contract type.',
    });
    expect(refusal({ ...ACCU, date_start: NOW + 60 })).toMatchObject({ code: 'OfferingsValidationError' });
    expect(refusal({ ...ACCU, limit_order: { take_profit: 5, stop_loss: 5 } })).toEqual({
      code: 'ContractCreationFailure',
      message: 'stop_loss is not a valid input for contract type ACCU.',
      field: 'stop_loss',
    });
    expect(refusal({ ...ACCU, multiplier: 10 })).toMatchObject({
      message: 'multiplier is not a valid input for contract type ACCU.',
    });
    expect(refusal({ ...ACCU, symbol: 'frxEURUSD' })).toMatchObject({
      code: 'ContractCreationFailure',
      message: 'Trading is not offered for this asset.',
    });
    // And the other kinds refuse a growth rate.
    const others = [
      { ...ACCU, contract_type: 'MULTUP', multiplier: 10 },
      { ...ACCU, contract_type: 'CALL', duration: 5, duration_unit: 'm' },
    ];
    for (const params of others)
      expect(refusal(params)).toEqual({
        code: 'ContractCreationFailure',
        message: `growth_rate is not a valid input for contract type ${params.contract_type}.`,
        field: 'growth_rate',
      });
  });

  it('validation: the growth rate one of five, stake 1 to 2 000, take profit above 0, to the cent, at most the profit at 10 000', () => {
    expect(refusal({ ...ACCU, growth_rate: 0.06 })).toEqual({
      code: 'ContractBuyValidationError',
      message: 'Growth rate is not in acceptable range. Accepts 0.01, 0.02, 0.03, 0.04, 0.05.',
      field: 'growth_rate',
    });
    expect(refusal({ ...ACCU, amount: 0.99 })).toEqual({
      code: 'ContractBuyValidationError',
      message: "Please enter a stake amount that's at least 1.00.",
      field: 'amount',
    });
    expect(refusal({ ...ACCU, amount: 2_000.01 })).toMatchObject({ message: 'Maximum stake allowed is 2000.00.' });
    expect(check({ ...ACCU, amount: 1 }).ok && check({ ...ACCU, amount: 2_000 }).ok).toBe(true);
    expect(refusal({ ...ACCU, limit_order: { take_profit: 0 } })).toEqual({
      code: 'ContractBuyValidationError',
      message: "Please enter a take profit amount that's higher than 0.00.",
      field: 'take_profit',
    });
    expect(refusal({ ...ACCU, limit_order: { take_profit: 9_990.01 } })).toMatchObject({
      message: "Please enter a take profit amount that's lower than 9990.00.",
    });
    expect(check({ ...ACCU, limit_order: { take_profit: 9_990 } }).ok).toBe(true);
    expect(refusal({ ...ACCU, limit_order: { take_profit: 1.005 } })).toMatchObject({
      message: 'Only 2 decimal places allowed.',
    });
    expect(refusal({ ...ACCU, limit_order: { take_profit: null } })).toMatchObject({ code: 'InputValidationFailed' });
  });

  it('codes in the real formats, and terms that read back as the same contract', () => {
    const spec = accepted({ ...ACCU, growth_rate: 0.05 });
    expect(accumulatorShortcode(spec)).toBe('ACCU_R_100_10.00_1_0.05_1_0.00048625_1800000000');
    expect(accumulatorLongcode(spec)).toBe(
      'After the entry spot tick, your stake will grow continuously by 5% for every tick that the spot price remains within the ± 0.04863% from the previous spot price.',
    );
    // docs/trading.md's example: at 1560 the next tick must stay strictly inside 1559.24 and 1560.76.
    expect(barriersAround(1560, spec.tickSizeBarrier, 2)).toEqual({ high: 1560.76, low: 1559.24 });
    expect(barrierFields(spec, 1560)).toEqual({ distance: '0.76', high: '1560.76', low: '1559.24' });
    const withProfit = accepted({ ...ACCU, limit_order: { take_profit: 2.5 } });
    expect(tradeFromTerms(storedTerms(withProfit))).toEqual(withProfit);
  });
});
