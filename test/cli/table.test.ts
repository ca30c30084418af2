import { describe, expect, it } from 'vitest';
import { PORTFOLIO } from '../../src/cli/portfolio.js';
import { PROFIT } from '../../src/cli/profit.js';
import { STATEMENT } from '../../src/cli/statement.js';
import { soldLine } from '../../src/cli/stream-line.js';
import { clockTime, dateTime, formatTable, money, signedMoney } from '../../src/cli/table.js';

const digits = (currency: string | undefined) => (currency === 'BTC' ? 8 : 2);

describe('formatTable', () => {
  it('lines columns up two spaces apart, numbers on the right, with no trailing spaces', () => {
    const rows = [
      { name: 'R_100', price: '12.50' },
      { name: 'frxEURUSD', price: '1.07' },
    ];
    expect(
      formatTable(
        [
          { header: 'SYMBOL', value: (row) => row.name },
          { header: 'PRICE', align: 'right', value: (row) => row.price },
          { header: 'NOTE', value: () => '' },
        ],
        rows,
      ),
    ).toEqual(['SYMBOL     PRICE  NOTE', 'R_100      12.50', 'frxEURUSD   1.07']);
  });

  it('an empty table is its header', () => {
    expect(formatTable([{ header: 'A', value: () => 'x' }], [])).toEqual(['A']);
  });
});

describe('cells', () => {
  it('money to the given decimals, signed for a P/L, blank for none', () => {
    expect(money(1, 2)).toBe('1.00');
    expect(money(0.00012, 8)).toBe('0.00012000');
    expect(money(null, 2)).toBe('');
    expect(signedMoney(0.95, 2)).toBe('+0.95');
    expect(signedMoney(0, 2)).toBe('+0.00');
    expect(signedMoney(-1, 2)).toBe('-1.00');
    expect(signedMoney(undefined, 2)).toBe('');
  });

  it('times in UTC, whatever the machine zone', () => {
    expect(dateTime(1_700_000_000)).toBe('2023-11-14 22:13:20');
    expect(clockTime(1_700_000_000)).toBe('22:13:20');
    expect(dateTime(undefined)).toBe('');
  });
});

describe('the reports on a terminal', () => {
  it('portfolio: one row per open contract, money in its currency', () => {
    const rows = PORTFOLIO.rows({
      portfolio: {
        contracts: [
          {
            buy_price: 10,
            contract_id: 12,
            contract_type: 'CALL',
            currency: 'USD',
            expiry_time: 1_700_000_600,
            payout: 19.5,
            purchase_time: 1_700_000_000,
            symbol: 'R_100',
          },
          {
            buy_price: 0.0002,
            contract_id: 1234,
            contract_type: 'DIGITEVEN',
            currency: 'BTC',
            expiry_time: 1_700_000_010,
            payout: 0.00039,
            purchase_time: 1_700_000_005,
            symbol: '1HZ100V',
          },
        ],
      },
    });
    expect(formatTable(PORTFOLIO.columns(digits, 'USD'), rows)).toEqual([
      'CONTRACT  TYPE       SYMBOL          BUY      PAYOUT  CURRENCY  BOUGHT               EXPIRES',
      '      12  CALL       R_100         10.00       19.50  USD       2023-11-14 22:13:20  2023-11-14 22:23:20',
      '    1234  DIGITEVEN  1HZ100V  0.00020000  0.00039000  BTC       2023-11-14 22:13:25  2023-11-14 22:13:30',
    ]);
  });

  it("statement: a deposit has no contract; amounts in the account's currency", () => {
    const rows = STATEMENT.rows({
      statement: {
        count: 2,
        transactions: [
          {
            action_type: 'buy',
            amount: -10,
            balance_after: 9990,
            contract_id: 12,
            transaction_id: 2,
            transaction_time: 1_700_000_000,
          },
          {
            action_type: 'deposit',
            amount: 10_000,
            balance_after: 10_000,
            contract_id: null,
            transaction_id: 1,
            transaction_time: 1_699_999_000,
          },
        ],
      },
    });
    expect(formatTable(STATEMENT.columns(digits, 'USD'), rows)).toEqual([
      'TIME                 ACTION   CONTRACT    AMOUNT   BALANCE  TRANSACTION',
      '2023-11-14 22:13:20  buy            12    -10.00   9990.00            2',
      '2023-11-14 21:56:40  deposit            10000.00  10000.00            1',
    ]);
  });

  it('profit: what each sold contract made, signed', () => {
    const rows = PROFIT.rows({
      profit_table: {
        transactions: [
          {
            buy_price: 1,
            contract_id: 7,
            contract_type: 'CALL',
            purchase_time: 1_700_000_000,
            sell_price: 1.95,
            sell_time: 1_700_000_004,
            underlying_symbol: 'R_100',
          },
          {
            buy_price: 1,
            contract_id: 8,
            contract_type: 'PUT',
            purchase_time: 1_700_000_010,
            sell_price: 0,
            sell_time: 1_700_000_014,
            underlying_symbol: 'R_100',
          },
        ],
      },
    });
    expect(formatTable(PROFIT.columns(digits, 'USD'), rows)).toEqual([
      'CONTRACT  TYPE  SYMBOL  BOUGHT               SOLD                  BUY  SELL    P/L',
      '       7  CALL  R_100   2023-11-14 22:13:20  2023-11-14 22:13:24  1.00  1.95  +0.95',
      '       8  PUT   R_100   2023-11-14 22:13:30  2023-11-14 22:13:34  1.00  0.00  -1.00',
    ]);
  });

  it('asks the server for the page asked for, and for nothing when none is', () => {
    expect(STATEMENT.request(3)).toEqual({ statement: 1, limit: 3 });
    expect(STATEMENT.request(undefined)).toEqual({ statement: 1 });
    expect(PROFIT.request(5)).toEqual({ profit_table: 1, description: 1, limit: 5 });
    expect(PORTFOLIO.request(undefined)).toEqual({ portfolio: 1 });
  });

  it('a sale reads as one line', () => {
    expect(
      soldLine(
        { balance_after: 10_000.95, contract_id: 12, reference_id: 6, sold_for: 0.95, transaction_id: 7 },
        'USD',
        2,
      ),
    ).toBe('sold 12 for 0.95 USD; balance 10000.95 USD (transaction 7, bought in 6)');
  });
});
