import { describe, expect, it } from 'vitest';
import { bidPrice } from '../../../src/server/trading/bid-price.js';
import { startedAt, type ContractSpec } from '../../../src/server/trading/contract-spec.js';
import { quoteContract, type Quote } from '../../../src/server/trading/quote.js';
import { resolveTradingOptions, type TradingOptions } from '../../../src/server/trading/trading-options.js';
import type { TradingError } from '../../../src/server/trading/trading-errors.js';
import { validateContract } from '../../../src/server/trading/validate-contract.js';

/** An even epoch, as the 2-s indices' ticks are. */
const NOW = 1_767_225_600;
/** The spot of Deriv's own proposal tests (docs/trading.md, "Pricing"); R_100 has σ = 1. */
const DERIV_TEST_SPOT = 65_258.19;

function contract(params: Record<string, unknown>): ContractSpec {
  const checked = validateContract({ currency: 'USD', basis: 'payout', amount: 100, ...params }, { now: NOW });
  if (!checked.ok) throw new Error(`refused: ${checked.error.message}`);
  return checked.value;
}

function quote(params: Record<string, unknown>, spot: number, options?: Partial<TradingOptions>): Quote {
  const quoted = quoteContract(contract(params), { spot }, resolveTradingOptions(options));
  if (!quoted.ok) throw new Error(`refused: ${quoted.error.message}`);
  return quoted.value;
}

function refusal(params: Record<string, unknown>, spot: number, options?: Partial<TradingOptions>): TradingError {
  const quoted = quoteContract(contract(params), { spot }, resolveTradingOptions(options));
  if (quoted.ok) throw new Error(`priced at ${quoted.value.askPrice}`);
  return quoted.error;
}

describe('app_markup_percentage: a share for the app, on the ask only', () => {
  const CALL_15S = { contract_type: 'CALL', symbol: 'R_100', duration: 15, duration_unit: 's' };

  it('adds its percentage of the payout to the ask (payout basis), and buys less payout for a stake', () => {
    expect(quote({ ...CALL_15S, app_markup_percentage: 2 }, DERIV_TEST_SPOT)).toMatchObject({ askPrice: 53.19 });
    expect(quote({ ...CALL_15S, app_markup_percentage: 0 }, DERIV_TEST_SPOT)).toMatchObject({ askPrice: 51.19 });
    const plain = quote({ ...CALL_15S, basis: 'stake', amount: 10 }, DERIV_TEST_SPOT);
    const withApp = quote({ ...CALL_15S, basis: 'stake', amount: 10, app_markup_percentage: 3 }, DERIV_TEST_SPOT);
    // stake / (theo + markup + app): 10 / (0.499862 + 0.012 + 0.03).
    expect(withApp.payout).toBe(18.45);
    expect(withApp.payout).toBeLessThan(plain.payout);
  });

  it('a sale back is priced without it', () => {
    const spec = contract({ ...CALL_15S, app_markup_percentage: 3 });
    const plain = contract(CALL_15S);
    const moment = { spot: DERIV_TEST_SPOT, now: NOW + 4 };
    expect(bidPrice(spec, 100, moment)).toEqual(bidPrice(plain, 100, moment));
  });

  it('must be a number from 0 to 3, as app_register caps it', () => {
    for (const bad of [-1, 3.01, '1', Number.NaN, null]) {
      const checked = validateContract(
        { currency: 'USD', basis: 'payout', amount: 100, ...CALL_15S, app_markup_percentage: bad },
        { now: NOW },
      );
      expect(checked.ok ? 'accepted' : checked.error).toMatchObject({
        code: 'InputValidationFailed',
        message: 'Input validation failed: app_markup_percentage',
      });
    }
  });
});

describe('prices the issue and Deriv tests give, exactly', () => {
  it('R_100 CALL 15 s ATM, payout 100 → ask 51.19', () => {
    const priced = quote({ contract_type: 'CALL', symbol: 'R_100', duration: 15, duration_unit: 's' }, DERIV_TEST_SPOT);
    expect(priced).toMatchObject({ askPrice: 51.19, payout: 100 });
    expect(priced.theoProbability).toBeCloseTo(0.499862, 6);
  });

  it('R_100 CALL 1 tick, stake 1 → payout 1.95', () => {
    expect(
      quote(
        { contract_type: 'CALL', symbol: 'R_100', duration: 1, duration_unit: 't', basis: 'stake', amount: 1 },
        1_560,
      ),
    ).toMatchObject({
      askPrice: 1,
      payout: 1.95,
    });
  });

  it('1HZ100V DIGITODD 1 tick, stake 2 → payout 3.87', () => {
    expect(
      quote(
        { contract_type: 'DIGITODD', symbol: '1HZ100V', duration: 1, duration_unit: 't', basis: 'stake', amount: 2 },
        1_250,
      ),
    ).toMatchObject({
      askPrice: 2,
      payout: 3.87,
    });
  });

  it('CALL 15 m, barrier +0.1, payout 100 → 51.08', () => {
    expect(
      quote(
        { contract_type: 'CALL', symbol: 'R_100', duration: 15, duration_unit: 'm', barrier: '+0.1' },
        DERIV_TEST_SPOT,
      ).askPrice,
    ).toBe(51.08);
  });

  it('ONETOUCH 2 m, +200, payout 100 → 10.92 (barrier shift, priced over 118 s)', () => {
    expect(
      quote(
        { contract_type: 'ONETOUCH', symbol: 'R_100', duration: 2, duration_unit: 'm', barrier: '+200' },
        DERIV_TEST_SPOT,
      ).askPrice,
    ).toBe(10.92);
    // The 2-s trimming does not depend on the start's parity for an even duration.
    const odd = quoteContract(
      startedAt(
        contract({ contract_type: 'ONETOUCH', symbol: 'R_100', duration: 2, duration_unit: 'm', barrier: '+200' }),
        NOW + 1,
      ),
      {
        spot: DERIV_TEST_SPOT,
      },
    );
    expect(odd.ok && odd.value.askPrice).toBe(10.92);
  });

  it('ONETOUCH 5 t, +20.5, payout 100 → 44.51 (t = 10 s, markup 0.012 + 0.02)', () => {
    expect(
      quote(
        { contract_type: 'ONETOUCH', symbol: 'R_100', duration: 5, duration_unit: 't', barrier: '+20.5' },
        DERIV_TEST_SPOT,
      ).askPrice,
    ).toBe(44.51);
  });

  it('DIGITMATCH 10 t, payout 100, digits markup 0.01 → 11.00', () => {
    expect(
      quote(
        { contract_type: 'DIGITMATCH', symbol: 'R_100', duration: 10, duration_unit: 't', barrier: '5' },
        DERIV_TEST_SPOT,
        { digitsMarkup: 0.01 },
      ).askPrice,
    ).toBe(11);
  });

  it('R_50 ATM CALL 60 s, markup 0.015 → 51.49', () => {
    const priced = quote({ contract_type: 'CALL', symbol: 'R_50', duration: 60, duration_unit: 's' }, 187, {
      riseFallMarkup: 0.015,
    });
    expect(priced.askPrice).toBe(51.49);
    expect(priced.theoProbability).toBeCloseTo(0.499862, 6);
  });

  it('R_50 DIGITODD stake 0.5 → payout 0.96: the minimum commission of 0.02 decides', () => {
    expect(
      quote(
        { contract_type: 'DIGITODD', symbol: 'R_50', duration: 5, duration_unit: 't', basis: 'stake', amount: 0.5 },
        187,
      ).payout,
    ).toBe(0.96);
  });
});

describe('limits, with the real amounts in the real texts', () => {
  it('max payout', () => {
    expect(
      refusal({ contract_type: 'CALL', symbol: 'R_100', duration: 15, amount: 50_631.97 }, DERIV_TEST_SPOT),
    ).toEqual({
      code: 'ContractBuyValidationError',
      message: 'Minimum stake of 0.35 and maximum payout of 50000.00. Current payout is 50631.97.',
      field: 'amount',
    });
    // Stake basis: 25 916.61 / (0.499862 + 0.012) rounds to 50 631.98.
    expect(
      refusal(
        { contract_type: 'CALL', symbol: 'R_100', duration: 15, basis: 'stake', amount: 25_916.61 },
        DERIV_TEST_SPOT,
      ).message,
    ).toBe('Minimum stake of 0.35 and maximum payout of 50000.00. Current payout is 50631.98.');
    expect(
      quote({ contract_type: 'CALL', symbol: 'R_100', duration: 15, amount: 50_000 }, DERIV_TEST_SPOT).askPrice,
    ).toBe(25_593.12);
  });

  it('digits have their own max payout', () => {
    expect(
      refusal(
        {
          contract_type: 'DIGITMATCH',
          symbol: 'R_10',
          duration: 5,
          duration_unit: 't',
          barrier: '3',
          basis: 'stake',
          amount: 4_000,
        },
        6_500,
      ).message,
    ).toBe('Minimum stake of 0.35 and maximum payout of 30000.00. Current payout is 34246.58.');
  });

  it('min stake, on either basis', () => {
    expect(
      refusal({ contract_type: 'CALL', symbol: 'R_100', duration: 15, basis: 'stake', amount: 0.2 }, DERIV_TEST_SPOT)
        .message,
    ).toBe('Minimum stake of 0.35 and maximum payout of 50000.00. Current stake is 0.20.');
    // ask = 0.49986 × 0.5 + the 0.02 minimum commission
    expect(
      refusal({ contract_type: 'CALL', symbol: 'R_100', duration: 15, amount: 0.5 }, DERIV_TEST_SPOT).message,
    ).toBe('Minimum stake of 0.35 and maximum payout of 50000.00. Current stake is 0.27.');
    expect(
      refusal({ contract_type: 'CALL', symbol: 'R_100', duration: 15, amount: 0 }, DERIV_TEST_SPOT).message,
    ).toMatch(/Current stake is 0\.00\.$/);
  });

  it('a contract that costs its payout offers no return', () => {
    expect(
      refusal(
        { contract_type: 'ONETOUCH', symbol: 'R_100', duration: 5, duration_unit: 't', barrier: '+0' },
        DERIV_TEST_SPOT,
      ),
    ).toEqual({
      code: 'ContractBuyValidationError',
      message: 'This contract offers no return.',
      field: 'amount',
    });
  });

  it('a relative barrier that puts the level at or below zero is out of range', () => {
    expect(
      refusal({ contract_type: 'PUT', symbol: 'R_100', duration: 15, barrier: '-70000' }, DERIV_TEST_SPOT).message,
    ).toBe('Barrier is out of acceptable range.');
  });

  it('markups are configurable', () => {
    expect(
      quote({ contract_type: 'CALL', symbol: 'R_100', duration: 15 }, DERIV_TEST_SPOT, { riseFallMarkup: 0.05 })
        .askPrice,
    ).toBe(54.99);
    expect(() => resolveTradingOptions({ digitsMarkup: -1 })).toThrow(RangeError);
    expect(() => resolveTradingOptions({ nope: 1 } as Partial<TradingOptions>)).toThrow(RangeError);
  });
});

describe('the shape of prices', () => {
  it('PUT + CALL of the same barrier sum to 1 + 2 markups; NOTOUCH + ONETOUCH likewise', () => {
    for (const [up, down, barrier, markups] of [
      ['CALL', 'PUT', '+3.5', 0.024],
      ['ONETOUCH', 'NOTOUCH', '+5', 0.024],
      ['CALLE', 'PUTE', undefined, 0.024],
    ] as const) {
      const params = {
        symbol: 'R_100',
        duration: 10,
        duration_unit: 'm',
        ...(barrier === undefined ? {} : { barrier }),
      };
      const total =
        quote({ contract_type: up, ...params }, 1_560).askProbability +
        quote({ contract_type: down, ...params }, 1_560).askProbability;
      expect(total).toBeCloseTo(1 + markups, 2);
    }
  });

  it('higher barriers cost less to CALL and more to PUT', () => {
    const call = (barrier: string) =>
      quote({ contract_type: 'CALL', symbol: 'R_75', duration: 1, duration_unit: 'h', barrier }, 55_000).askPrice;
    expect(call('+10')).toBeGreaterThan(call('+100'));
    expect(call('-100')).toBeGreaterThan(call('+10'));
    expect(call('55000')).toBeCloseTo(
      quote({ contract_type: 'CALL', symbol: 'R_75', duration: 1, duration_unit: 'h' }, 55_000).askPrice,
      0,
    );
  });

  it('digits: OVER d and UNDER d follow (9 − d)/10 and d/10', () => {
    expect(
      quote({ contract_type: 'DIGITOVER', symbol: 'R_10', duration: 1, duration_unit: 't', barrier: '3' }, 6_500)
        .theoProbability,
    ).toBeCloseTo(0.6, 12);
    expect(
      quote({ contract_type: 'DIGITUNDER', symbol: 'R_10', duration: 1, duration_unit: 't', barrier: '3' }, 6_500)
        .theoProbability,
    ).toBeCloseTo(0.3, 12);
    expect(
      quote({ contract_type: 'DIGITDIFF', symbol: 'R_10', duration: 1, duration_unit: 't', barrier: '3' }, 6_500)
        .theoProbability,
    ).toBeCloseTo(0.9, 12);
  });
});

describe('bid price (sell-back)', () => {
  const call = contract({ contract_type: 'CALL', symbol: 'R_100', duration: 10, duration_unit: 'm' });

  it('is theo − markup of the same contract now, against the entry spot', () => {
    const bid = bidPrice(call, 100, { spot: 1_560, entrySpot: 1_560, now: NOW + 60 });
    expect(bid.ok && bid.value.bidPrice).toBe(
      Math.round((bid.ok ? bid.value.theoProbability - 0.012 : 0) * 10_000) / 100,
    );
    const winning = bidPrice(call, 100, { spot: 1_600, entrySpot: 1_560, now: NOW + 300 });
    expect(winning.ok && winning.value.bidPrice).toBeGreaterThan(90);
  });

  it('is the payout or 0 once decided, and never outside [0, payout]', () => {
    expect(bidPrice(call, 100, { spot: 1_561, entrySpot: 1_560, now: call.dateExpiry })).toEqual({
      ok: true,
      value: { bidPrice: 100, theoProbability: 1, decided: true },
    });
    expect(bidPrice(call, 100, { spot: 1_559, entrySpot: 1_560, now: call.dateExpiry + 5 })).toEqual({
      ok: true,
      value: { bidPrice: 0, theoProbability: 0, decided: true },
    });
    const losing = bidPrice(call, 100, { spot: 1_400, entrySpot: 1_560, now: NOW + 590 });
    expect(losing.ok && losing.value.bidPrice).toBe(0);
    const touch = contract({
      contract_type: 'ONETOUCH',
      symbol: 'R_100',
      duration: 10,
      duration_unit: 'm',
      barrier: '+20',
    });
    expect(bidPrice(touch, 100, { spot: 1_581, entrySpot: 1_560, now: NOW + 30 })).toMatchObject({
      ok: true,
      value: { bidPrice: 100, decided: true },
    });
  });
});
