import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bidPrice } from '../../../src/server/trading/bid-price.js';
import { longcode } from '../../../src/server/trading/longcode.js';
import { quoteContract } from '../../../src/server/trading/quote.js';
import { shortcode } from '../../../src/server/trading/shortcode.js';
import { tradingApiError } from '../../../src/server/trading/trading-errors.js';
import { validateContract } from '../../../src/server/trading/validate-contract.js';

const NOW = 1_767_225_600;
const BASE = { currency: 'USD', basis: 'payout', amount: 10, symbol: 'R_100', duration: 5, duration_unit: 't' };

function refusal(params: Record<string, unknown>) {
  const checked = validateContract({ ...BASE, ...params }, { now: NOW });
  if (checked.ok) throw new Error('accepted');
  return checked.error;
}

function accepted(params: Record<string, unknown>) {
  const checked = validateContract({ ...BASE, ...params }, { now: NOW });
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value;
}

describe('validateContract: the real server’s refusals', () => {
  it.each([
    [
      { contract_type: 'CALL', barrier: '+0.123' },
      'BarrierValidationError',
      'Barrier can only be up to 2 decimal places.',
    ],
    [
      { contract_type: 'CALL', symbol: 'R_50', barrier: '+0.12345' },
      'BarrierValidationError',
      'Barrier can only be up to 4 decimal places.',
    ],
    [
      { contract_type: 'DIGITMATCH', barrier: '10' },
      'ContractBuyValidationError',
      'Barrier is not an integer in range of 0 to 9.',
    ],
    [
      { contract_type: 'DIGITDIFF', barrier: '1.5' },
      'ContractBuyValidationError',
      'Barrier is not an integer in range of 0 to 9.',
    ],
    [
      { contract_type: 'DIGITMATCH', barrier: '+3' },
      'ContractBuyValidationError',
      'Barrier is not an integer in range of 0 to 9.',
    ],
    [
      { contract_type: 'DIGITOVER', barrier: '9' },
      'ContractBuyValidationError',
      'Digit must be in the range of 0 to 8.',
    ],
    [
      { contract_type: 'DIGITUNDER', barrier: '0' },
      'ContractBuyValidationError',
      'Digit must be in the range of 1 to 9.',
    ],
    [
      { contract_type: 'DIGITMATCH' },
      'ContractCreationFailure',
      'Missing required contract parameters (last digit prediction for digit contracts).',
    ],
    [
      { contract_type: 'DIGITEVEN', barrier: '4' },
      'ContractCreationFailure',
      'Barrier is not allowed for this contract type.',
    ],
    [
      { contract_type: 'CALLE', barrier: '+1' },
      'ContractCreationFailure',
      'Barrier is not allowed for this contract type.',
    ],
    [{ contract_type: 'ONETOUCH' }, 'ContractCreationFailure', 'Invalid barrier (Single barrier input is expected).'],
    [
      { contract_type: 'CALL', barrier: '+1', barrier2: '-1' },
      'ContractCreationFailure',
      'Invalid barrier (Single barrier input is expected).',
    ],
    [{ contract_type: 'CALL', duration: 11 }, 'OfferingsValidationError', 'Trading is not offered for this duration.'],
    [
      { contract_type: 'CALL', barrier: '+1', duration: 4 },
      'OfferingsValidationError',
      'Trading is not offered for this duration.',
    ],
    [
      { contract_type: 'CALL', duration: 14, duration_unit: 's' },
      'OfferingsValidationError',
      'Trading is not offered for this duration.',
    ],
    [{ contract_type: 'CALL', duration: 14 }, 'OfferingsValidationError', 'Trading is not offered for this duration.'],
    [
      { contract_type: 'DIGITODD', duration: 1, duration_unit: 'm' },
      'OfferingsValidationError',
      'Trading is not offered for this duration.',
    ],
    [
      { contract_type: 'CALL', duration: 366, duration_unit: 'd' },
      'OfferingsValidationError',
      'Trading is not offered for this duration.',
    ],
    [{ contract_type: 'CALL', duration: 0 }, 'OfferingsValidationFailure', 'Trading is not offered for this duration.'],
    [{ contract_type: 'MULTUP' }, 'OfferingsValidationError', 'Trading is not offered for this asset.'],
    [{ contract_type: 'ACCU' }, 'OfferingsValidationError', 'Trading is not offered for this asset.'],
    [{ contract_type: 'ASIANU' }, 'OfferingsValidationError', 'Trading is not offered for this asset.'],
    [
      { contract_type: 'CALL', symbol: 'frxEURUSD' },
      'ContractCreationFailure',
      'Trading is not offered for this asset.',
    ],
    [
      { contract_type: 'CALL', amount: 10.005 },
      'InvalidAmount',
      'Invalid amount. Amount provided can not have more than 2 decimal places.',
    ],
    [
      { contract_type: 'CALL', amount: 1e-7 },
      'InvalidAmount',
      'Invalid amount. Amount provided can not have more than 2 decimal places.',
    ],
    [{ contract_type: 'CALL', currency: 'EUR' }, 'ContractCreationFailure', 'Invalid payout currency'],
    [
      { contract_type: 'CALL', duration: 5, date_expiry: NOW + 60 },
      'ContractCreationFailure',
      'Please enter only duration or date_expiry.',
    ],
    [
      { contract_type: 'CALL', duration: undefined },
      'ContractCreationFailure',
      'Please specify either duration or date_expiry.',
    ],
    [
      { contract_type: 'CALL', amount: undefined },
      'ContractCreationFailure',
      'Missing required contract parameters (amount).',
    ],
    [
      { contract_type: 'CALL', basis: undefined },
      'ContractCreationFailure',
      'Missing required contract parameters (basis).',
    ],
    [{ contract_type: undefined }, 'ContractCreationFailure', 'Missing required contract parameters (bet_type).'],
    [
      { contract_type: 'CALL', date_start: NOW + 300 },
      'OfferingsValidationError',
      'Trading is not offered for this duration.',
    ],
    [{ contract_type: 'HIGHER' }, 'InputValidationFailed', 'Input validation failed: contract_type'],
    [{ contract_type: 'CALL', amount: -1 }, 'InputValidationFailed', 'Input validation failed: amount'],
    [{ contract_type: 'CALL', amount: '10' }, 'InputValidationFailed', 'Input validation failed: amount'],
    [{ contract_type: 'CALL', basis: 'notional' }, 'InputValidationFailed', 'Input validation failed: basis'],
    [{ contract_type: 'CALL', duration: 1.5 }, 'InputValidationFailed', 'Input validation failed: duration'],
    [{ contract_type: 'CALL', duration_unit: 'w' }, 'InputValidationFailed', 'Input validation failed: duration_unit'],
    [{ contract_type: 'CALL', barrier: 'abc' }, 'InputValidationFailed', 'Input validation failed: barrier'],
  ])('%j → %s', (params, code, message) => {
    expect(refusal(params)).toMatchObject({ code, message });
  });

  it('names the field, which becomes details.field in the error reply', () => {
    const error = tradingApiError(refusal({ contract_type: 'CALL', barrier: '+0.123' }), 'proposal');
    expect(error).toMatchObject({
      code: 'BarrierValidationError',
      message: 'Barrier can only be up to 2 decimal places.',
      details: { field: 'barrier' },
      msgType: 'proposal',
    });
    expect(tradingApiError({ code: 'InvalidSymbol', message: 'Symbol X invalid.' }).details).toBeUndefined();
    expect(refusal({ contract_type: 'CALL', duration: 11 }).field).toBe('duration');
    expect(refusal({ contract_type: 'CALL', amount: 10.005 }).field).toBe('amount');
  });

  it('accepts relative and absolute barriers, with at most the pip’s decimals', () => {
    expect(accepted({ contract_type: 'CALL', barrier: '+0.12' }).barrier).toEqual({ kind: 'relative', offset: 0.12 });
    expect(accepted({ contract_type: 'PUT', barrier: '-5' }).barrier).toEqual({ kind: 'relative', offset: -5 });
    expect(accepted({ contract_type: 'CALL', barrier: '1561.25' }).barrier).toEqual({
      kind: 'absolute',
      price: 1561.25,
    });
    expect(accepted({ contract_type: 'ONETOUCH', barrier: '+20.5' }).trade.name).toBe('touchnotouch');
    expect(accepted({ contract_type: 'CALL', barrier: '+1' }).trade.name).toBe('higherlower');
    expect(accepted({ contract_type: 'CALL' }).trade.name).toBe('risefall');
    expect(accepted({ contract_type: 'DIGITOVER', barrier: '8' }).barrier).toEqual({ kind: 'digit', digit: 8 });
  });

  it('defaults duration_unit to seconds, and fixes start and expiry', () => {
    const spec = accepted({ contract_type: 'CALL', duration: 15, duration_unit: undefined });
    expect(spec).toMatchObject({
      expiry: { kind: 'duration', amount: 15, unit: 's' },
      expiryType: 'intraday',
      dateStart: NOW,
      dateExpiry: NOW + 15,
    });
    expect(accepted({ contract_type: 'CALL', duration: 3, duration_unit: 't', symbol: '1HZ10V' }).dateExpiry).toBe(
      NOW + 3,
    );
    expect(accepted({ contract_type: 'CALL', duration: 3, duration_unit: 't' }).dateExpiry).toBe(NOW + 6);
    // Days end at the close (23:59:59 UTC) of the Nth day after the start's.
    expect(accepted({ contract_type: 'CALL', duration: 1, duration_unit: 'd' })).toMatchObject({
      expiryType: 'daily',
      dateExpiry: NOW + 2 * 86_400 - 1,
    });
    const overridden = validateContract(
      { ...BASE, contract_type: 'CALL', duration: 3 },
      { now: NOW, intervals: { R_100: 5 } },
    );
    expect(overridden.ok && overridden.value.dateExpiry).toBe(NOW + 15);
  });
});

describe('garbage never throws', () => {
  const anything = fc.oneof(fc.anything(), fc.string(), fc.double(), fc.integer(), fc.constant(undefined));
  const field = <T>(values: fc.Arbitrary<T>) => fc.oneof(values, anything);

  it('validation, pricing, codes and bids all return a value for any parameters', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            contract_type: field(
              fc.constantFrom(
                'CALL',
                'PUT',
                'CALLE',
                'PUTE',
                'ONETOUCH',
                'NOTOUCH',
                'DIGITMATCH',
                'DIGITDIFF',
                'DIGITOVER',
                'DIGITUNDER',
                'DIGITEVEN',
                'DIGITODD',
                'MULTUP',
              ),
            ),
            symbol: field(fc.constantFrom('R_10', 'R_100', '1HZ100V', 'R_50', 'nope')),
            currency: field(fc.constant('USD')),
            amount: field(fc.oneof(fc.double({ min: -10, max: 1e9 }), fc.integer({ min: 0, max: 100_000 }))),
            basis: field(fc.constantFrom('payout', 'stake')),
            duration: field(fc.integer({ min: -5, max: 100_000 })),
            duration_unit: field(fc.constantFrom('t', 's', 'm', 'h', 'd')),
            date_expiry: field(fc.integer({ min: NOW - 10, max: NOW + 400 * 86_400 })),
            barrier: field(
              fc.oneof(fc.stringMatching(/^[+-]?\d{1,6}(\.\d{0,6})?$/), fc.constantFrom('0', '9', '+0', '-0.001')),
            ),
            barrier2: field(fc.constant('-1')),
          },
          { requiredKeys: [] },
        ),
        fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
        (params, spot) => {
          const checked = validateContract(params, { now: NOW });
          if (!checked.ok) {
            expect(typeof checked.error.code).toBe('string');
            expect(typeof checked.error.message).toBe('string');
            return;
          }
          const quoted = quoteContract(checked.value, { spot });
          if (quoted.ok) {
            const { askPrice, payout } = quoted.value;
            expect(Number.isFinite(askPrice) && Number.isFinite(payout)).toBe(true);
            expect(askPrice).toBeLessThan(payout);
            expect(typeof shortcode(checked.value, payout)).toBe('string');
            expect(longcode(checked.value)).toMatch(/^Win payout if .+\.$/);
            const bid = bidPrice(checked.value, payout, { spot, now: NOW + 1 });
            if (bid.ok) expect(bid.value.bidPrice).toBeGreaterThanOrEqual(0);
            if (bid.ok) expect(bid.value.bidPrice).toBeLessThanOrEqual(payout);
          } else {
            expect(quoted.error.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 3_000 },
    );
    for (const params of [null, undefined, 42, 'CALL', [], [1, 2], { __proto__: null }]) {
      expect(validateContract(params, { now: NOW }).ok).toBe(false);
    }
  });
});
