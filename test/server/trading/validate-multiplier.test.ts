import { describe, expect, it } from 'vitest';
import { DEFAULT_TRADING_OPTIONS } from '../../../src/server/trading/trading-options.js';
import { validateContract } from '../../../src/server/trading/validate-contract.js';
import { validateTrade } from '../../../src/server/trading/validate-trade.js';

const NOW = 1_800_000_000;
const MULTUP = {
  contract_type: 'MULTUP',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  multiplier: 10,
};

const check = (params: Record<string, unknown>) => validateTrade(params, { now: NOW }, DEFAULT_TRADING_OPTIONS);
const refusal = (params: Record<string, unknown>) => {
  const checked = check(params);
  return checked.ok ? 'accepted' : checked.error;
};

describe('validating a multiplier', () => {
  it('a valid one carries its stake, multiplier, commission rate, limit orders and cancellation fee', () => {
    expect(
      check({ ...MULTUP, contract_type: 'MULTDOWN', limit_order: { take_profit: 5 }, cancellation: '60m' }),
    ).toMatchObject({
      ok: true,
      value: {
        kind: 'multiplier',
        contractType: 'MULTDOWN',
        symbol: { symbol: 'R_100' },
        intervalSeconds: 2,
        stake: 10,
        multiplier: 10,
        commission: 5.0366e-4,
        limitOrders: { takeProfit: 5 },
        cancellation: { duration: '60m', fee: 0.45 },
        dateStart: NOW,
      },
    });
    expect(check({ ...MULTUP, limit_order: { take_profit: 0.1, stop_loss: 10 } })).toMatchObject({
      ok: true,
      value: { limitOrders: { takeProfit: 0.1, stopLoss: 10 } },
    });
    expect(check({ ...MULTUP, limit_order: {} })).toMatchObject({ ok: true, value: { limitOrders: {} } });
  });

  it('creation: basis stake only, a multiplier given, no barrier, duration, expiry or forward start', () => {
    expect(refusal({ ...MULTUP, basis: 'payout' })).toEqual({
      code: 'ContractCreationFailure',
      message: 'Basis must be stake for this contract.',
      field: 'basis',
    });
    expect(refusal({ ...MULTUP, multiplier: undefined })).toEqual({
      code: 'ContractCreationFailure',
      message: 'Missing required contract parameters (multiplier).',
    });
    expect(refusal({ ...MULTUP, basis: undefined })).toMatchObject({
      message: 'Missing required contract parameters (basis).',
    });
    expect(refusal({ ...MULTUP, barrier: '+1' })).toMatchObject({
      code: 'ContractCreationFailure',
      message: 'Barrier is not allowed for this contract type.',
    });
    for (const [field, value] of [
      ['duration', 5],
      ['date_expiry', NOW + 60],
    ] as const)
      expect(refusal({ ...MULTUP, [field]: value, duration_unit: 'm' })).toEqual({
        code: 'ContractCreationFailure',
        message: 'Duration or expiry is not allowed for this contract type.',
        field,
      });
    expect(refusal({ ...MULTUP, date_start: NOW + 60 })).toMatchObject({ code: 'OfferingsValidationError' });
    expect(refusal({ ...MULTUP, symbol: 'frxEURUSD' })).toMatchObject({
      message: 'Trading is not offered for this asset.',
    });
    expect(refusal({ ...MULTUP, currency: 'EUR' })).toMatchObject({ message: 'Invalid payout currency' });
  });

  it("validation: the symbol's multipliers, the windows, the limit orders and the stake limits", () => {
    expect(refusal({ ...MULTUP, multiplier: 15 })).toEqual({
      code: 'ContractBuyValidationError',
      message: 'Multiplier is not in acceptable range. Accepts 10,20,30,50,100.',
      field: 'multiplier',
    });
    expect(refusal({ ...MULTUP, symbol: 'R_10', multiplier: 10 })).toMatchObject({
      message: 'Multiplier is not in acceptable range. Accepts 100,200,300,500,1000.',
    });
    expect(refusal({ ...MULTUP, cancellation: '45m' })).toEqual({
      code: 'ContractBuyValidationError',
      message: 'Deal cancellation is not offered at this duration.',
      field: 'cancellation',
    });
    expect(refusal({ ...MULTUP, cancellation: 5 })).toMatchObject({ code: 'InputValidationFailed' });
    expect(refusal({ ...MULTUP, cancellation: '5m', limit_order: { stop_loss: 5 } })).toEqual({
      code: 'ContractBuyValidationError',
      message: 'You may use either stop loss or deal cancellation, but not both.',
      field: 'cancellation',
    });
    expect(refusal({ ...MULTUP, limit_order: { take_profit: 0.09 } })).toEqual({
      code: 'ContractBuyValidationError',
      message: "Please enter a take profit amount that's higher than 0.10.",
      field: 'take_profit',
    });
    expect(refusal({ ...MULTUP, limit_order: { stop_loss: -1 } })).toMatchObject({
      message: "Please enter a stop loss amount that's higher than 0.10.",
    });
    expect(refusal({ ...MULTUP, limit_order: { take_profit: 1.005 } })).toMatchObject({
      message: 'Take profit can not have more than 2 decimal places.',
    });
    expect(refusal({ ...MULTUP, limit_order: { stop_loss: 10.01 } })).toEqual({
      code: 'ContractBuyValidationError',
      message: 'Invalid stop loss. Stop loss cannot be more than stake.',
      field: 'stop_loss',
    });
    expect(refusal({ ...MULTUP, limit_order: { stop_loss: null } })).toMatchObject({ code: 'InputValidationFailed' });
    expect(refusal({ ...MULTUP, limit_order: { trailing: 1 } })).toMatchObject({ code: 'InputValidationFailed' });
    for (const amount of [0.99, 2_000.01])
      expect(refusal({ ...MULTUP, amount })).toEqual({
        code: 'ContractBuyValidationError',
        message: `Minimum stake of 1.00 and maximum stake of 2000.00. Current stake is ${amount.toFixed(2)}.`,
        field: 'amount',
      });
    expect(check({ ...MULTUP, amount: 2_000 }).ok).toBe(true);
    expect(check({ ...MULTUP, amount: 1 }).ok).toBe(true);
  });

  it('a binary contract refuses the multiplier parameters', () => {
    const call = {
      contract_type: 'CALL',
      symbol: 'R_100',
      currency: 'USD',
      basis: 'stake',
      amount: 10,
      duration: 5,
      duration_unit: 't',
    };
    for (const [field, value, name] of [
      ['multiplier', 10, 'Multiplier'],
      ['limit_order', { take_profit: 1 }, 'Limit order'],
      ['cancellation', '5m', 'Deal cancellation'],
    ] as const)
      expect(validateContract({ ...call, [field]: value }, { now: NOW })).toEqual({
        ok: false,
        error: { code: 'ContractCreationFailure', message: `${name} is not allowed for this contract type.`, field },
      });
  });
});
