import { describe, expect, it } from 'vitest';
import type { ContractSpec } from '../../../src/server/trading/contract-spec.js';
import { longcode, spanWords } from '../../../src/server/trading/longcode.js';
import { shortcode } from '../../../src/server/trading/shortcode.js';
import { validateContract } from '../../../src/server/trading/validate-contract.js';

function contract(params: Record<string, unknown>, now: number): ContractSpec {
  const checked = validateContract({ currency: 'USD', basis: 'stake', amount: 1, ...params }, { now });
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value;
}

describe('shortcode', () => {
  it('writes the real server’s captured shortcodes', () => {
    expect(
      shortcode(
        contract({ contract_type: 'CALL', symbol: 'R_100', duration: 1, duration_unit: 't' }, 1_747_020_394),
        1.95,
      ),
    ).toBe('CALL_R_100_1.95_1747020394_1T_S0P_0');
    expect(
      shortcode(
        contract({ contract_type: 'DIGITODD', symbol: '1HZ75V', duration: 1, duration_unit: 't' }, 1_754_939_094),
        3.6,
      ),
    ).toBe('DIGITODD_1HZ75V_3.60_1754939094_1T');
    expect(
      shortcode(
        contract({ contract_type: 'PUT', symbol: 'R_100', duration: 15, duration_unit: 's' }, 1_583_976_064),
        0.66,
      ),
    ).toBe('PUT_R_100_0.66_1583976064_1583976079_S0P_0');
  });

  it('writes offsets in pips, digits as they are, absolute prices in millionths, fixed expiries with F', () => {
    const at = 1_767_225_600;
    expect(
      shortcode(
        contract({ contract_type: 'CALL', symbol: 'R_100', duration: 5, duration_unit: 't', barrier: '+0.1' }, at),
        10,
      ),
    ).toBe(`CALL_R_100_10.00_${at}_5T_S10P_0`);
    expect(
      shortcode(
        contract(
          { contract_type: 'ONETOUCH', symbol: 'R_50', duration: 2, duration_unit: 'm', barrier: '-0.0025' },
          at,
        ),
        10,
      ),
    ).toBe(`ONETOUCH_R_50_10.00_${at}_${at + 120}_S-25P_0`);
    expect(
      shortcode(
        contract({ contract_type: 'DIGITMATCH', symbol: 'R_10', duration: 5, duration_unit: 't', barrier: '7' }, at),
        18.55,
      ),
    ).toBe(`DIGITMATCH_R_10_18.55_${at}_5T_7_0`);
    expect(
      shortcode(contract({ contract_type: 'PUT', symbol: 'R_100', date_expiry: at + 600, barrier: '1560.25' }, at), 2),
    ).toBe(`PUT_R_100_2.00_${at}_${at + 600}F_1560250000_0`);
  });
});

describe('longcode', () => {
  const at = 1_767_225_600; // 2026-01-01 00:00:00 UTC
  const code = (params: Record<string, unknown>) => longcode(contract(params, at));

  it('words rise/fall and higher/lower as the real server does', () => {
    expect(code({ contract_type: 'CALL', symbol: 'R_100', duration: 1, duration_unit: 't' })).toBe(
      'Win payout if Volatility 100 Index after 1 tick is strictly higher than entry spot.',
    );
    expect(code({ contract_type: 'CALL', symbol: 'R_100', duration: 5, duration_unit: 't', barrier: '+0.1' })).toBe(
      'Win payout if Volatility 100 Index after 5 ticks is strictly higher than entry spot plus 0.10.',
    );
    expect(code({ contract_type: 'PUT', symbol: 'R_50', duration: 1, duration_unit: 'm' })).toBe(
      'Win payout if Volatility 50 Index is strictly lower than entry spot at 1 minute after contract start time.',
    );
    expect(code({ contract_type: 'CALL', symbol: '1HZ100V', duration: 405, duration_unit: 'm', barrier: '-2.5' })).toBe(
      'Win payout if Volatility 100 (1s) Index is strictly higher than entry spot minus 2.50 at 6 hours 45 minutes after contract start time.',
    );
    expect(code({ contract_type: 'CALLE', symbol: 'R_25', duration: 15, duration_unit: 's' })).toBe(
      'Win payout if Volatility 25 Index is higher than or equal to entry spot at 15 seconds after contract start time.',
    );
    expect(code({ contract_type: 'PUTE', symbol: 'R_25', duration: 3, duration_unit: 't' })).toBe(
      'Win payout if Volatility 25 Index after 3 ticks is lower than or equal to entry spot.',
    );
    expect(code({ contract_type: 'CALL', symbol: 'R_100', duration: 2, duration_unit: 'd' })).toBe(
      'Win payout if Volatility 100 Index is strictly higher than entry spot at close on 2026-01-03.',
    );
    expect(code({ contract_type: 'PUT', symbol: 'R_100', date_expiry: at + 3_600, barrier: '1500' })).toBe(
      'Win payout if Volatility 100 Index is strictly lower than 1500.00 at 2026-01-01 01:00:00 GMT.',
    );
  });

  it('words touch and digits', () => {
    expect(code({ contract_type: 'ONETOUCH', symbol: 'R_100', duration: 2, duration_unit: 'm', barrier: '+200' })).toBe(
      'Win payout if Volatility 100 Index touches entry spot plus 200.00 through 2 minutes after contract start time.',
    );
    expect(
      code({ contract_type: 'NOTOUCH', symbol: 'R_50', duration: 5, duration_unit: 't', barrier: '+0.3054' }),
    ).toBe('Win payout if Volatility 50 Index does not touch entry spot plus 0.3054 through 5 ticks after first tick.');
    expect(code({ contract_type: 'DIGITODD', symbol: '1HZ75V', duration: 1, duration_unit: 't' })).toBe(
      'Win payout if the last digit of Volatility 75 (1s) Index is odd after 1 ticks.',
    );
    expect(code({ contract_type: 'DIGITMATCH', symbol: 'R_10', duration: 5, duration_unit: 't', barrier: '7' })).toBe(
      'Win payout if the last digit of Volatility 10 Index is 7 after 5 ticks.',
    );
    expect(code({ contract_type: 'DIGITDIFF', symbol: 'R_10', duration: 5, duration_unit: 't', barrier: '7' })).toBe(
      'Win payout if the last digit of Volatility 10 Index is not 7 after 5 ticks.',
    );
    expect(code({ contract_type: 'DIGITOVER', symbol: 'R_10', duration: 5, duration_unit: 't', barrier: '4' })).toMatch(
      /is strictly higher than 4 after 5 ticks\.$/,
    );
    expect(
      code({ contract_type: 'DIGITUNDER', symbol: 'R_10', duration: 5, duration_unit: 't', barrier: '4' }),
    ).toMatch(/is strictly lower than 4 after 5 ticks\.$/);
    expect(code({ contract_type: 'DIGITEVEN', symbol: 'R_10', duration: 2, duration_unit: 't' })).toMatch(
      /is even after 2 ticks\.$/,
    );
  });

  it('spells spans largest unit first', () => {
    expect(spanWords(60)).toBe('1 minute');
    expect(spanWords(86_400)).toBe('1 day');
    expect(spanWords(3_661)).toBe('1 hour 1 minute 1 second');
  });
});
