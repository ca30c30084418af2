import { describe, expect, it } from 'vitest';
import { boughtText, compactLine, contractLine, limitOrdersLine, soldLine } from '../../src/cli/stream-line.js';

const context = { digits: (currency: string | undefined) => (currency === 'BTC' ? 8 : 2), currency: 'USD' };
// 02:59:54 UTC.
const EPOCH = 1_700_017_194;

describe('compactLine', () => {
  it('a tick: symbol, quote to its pip decimals, UTC time', () => {
    const tick = (symbol: string, quote: number, pip_size: number) => ({
      msg_type: 'tick',
      echo_req: { ticks: symbol },
      subscription: { id: 'x' },
      tick: { ask: quote, bid: quote, epoch: EPOCH, id: 'x', pip_size, quote, symbol },
    });
    expect(compactLine(tick('R_100', 2583.24, 2), context)).toBe('R_100 2583.24 02:59:54');
    expect(compactLine(tick('R_100', 2583.2, 2), context)).toBe('R_100 2583.20 02:59:54');
    expect(compactLine(tick('frxEURUSD', 1.0712, 5), context)).toBe('frxEURUSD 1.07120 02:59:54');
  });

  it('a contract: id, status, P/L with its sign in its currency', () => {
    const update = (fields: object) => ({ msg_type: 'proposal_open_contract', proposal_open_contract: fields });
    expect(compactLine(update({ contract_id: 12, status: 'open', profit: 0.1, currency: 'USD' }), context)).toBe(
      '12 open +0.10 USD',
    );
    expect(
      compactLine(update({ contract_id: 12, status: 'lost', profit: -1, currency: 'USD', is_sold: 1 }), context),
    ).toBe('12 lost -1.00 USD');
    expect(compactLine(update({ contract_id: 13, profit: 0.00001, currency: 'BTC', is_sold: 1 }), context)).toBe(
      '13 sold +0.00001000 BTC',
    );
    // `proposal_open_contract` for no contract answers {}: no short form.
    expect(compactLine(update({}), context)).toBeUndefined();
    expect(contractLine({ contract_id: 14, status: 'won', profit: 0.95 }, context)).toBe('14 won +0.95 USD');
  });

  it('a candle, a price, a balance, a ledger row, a buy', () => {
    expect(
      compactLine(
        {
          msg_type: 'ohlc',
          ohlc: {
            close: '1784.24',
            granularity: 60,
            high: '1785.95',
            low: '1783.37',
            open: '1785.68',
            open_time: EPOCH - 54,
            pip_size: 2,
            symbol: 'R_100',
          },
        },
        context,
      ),
    ).toBe('R_100 60s O 1785.68 H 1785.95 L 1783.37 C 1784.24 02:59:00');
    expect(
      compactLine(
        {
          msg_type: 'proposal',
          echo_req: { proposal: 1, currency: 'USD' },
          proposal: { ask_price: 10, payout: 19.54, spot: 733.82, spot_time: EPOCH },
        },
        context,
      ),
    ).toBe('ask 10.00 payout 19.54 USD spot 733.82 02:59:54');
    expect(compactLine({ msg_type: 'balance', balance: { balance: 10_000, currency: 'USD' } }, context)).toBe(
      'balance 10000.00 USD',
    );
    expect(
      compactLine(
        {
          msg_type: 'transaction',
          transaction: {
            action: 'buy',
            amount: -10,
            balance: 9990,
            contract_id: 12,
            currency: 'USD',
            transaction_time: EPOCH,
          },
        },
        context,
      ),
    ).toBe('buy contract 12 -10.00 USD, balance 9990.00 USD 02:59:54');
    expect(
      compactLine(
        { msg_type: 'buy', buy: { contract_id: 12, buy_price: 10, payout: 19.5, longcode: 'Win.' } },
        context,
      ),
    ).toBe('bought 12 for 10.00 USD, payout 19.50: Win.');
  });

  it('a history stream opens with its history, summed up by the latest entry', () => {
    expect(
      compactLine(
        {
          msg_type: 'history',
          echo_req: { ticks_history: 'R_50' },
          history: { prices: [1.5, 1.52], times: [EPOCH - 2, EPOCH] },
          pip_size: 4,
        },
        context,
      ),
    ).toBe('R_50 2 ticks, latest 1.5200 02:59:54');
    expect(
      compactLine(
        {
          msg_type: 'candles',
          echo_req: { ticks_history: 'R_100', granularity: 60 },
          candles: [{ epoch: EPOCH - 54, open: 1, high: 2, low: 0.5, close: 1.5 }],
          pip_size: 2,
        },
        context,
      ),
    ).toBe('R_100 1 candles, latest 60s O 1.00 H 2.00 L 0.50 C 1.50 02:59:00');
  });

  it('has no short form for other messages: they show as JSON', () => {
    expect(compactLine({ msg_type: 'website_status', website_status: {} }, context)).toBeUndefined();
    expect(compactLine({ msg_type: 'transaction', transaction: { id: 'x' } }, context)).toBeUndefined();
  });

  it('a purchase and a sale read as one line', () => {
    expect(boughtText({ contract_id: 7, buy_price: 1, payout: 1.95 }, context)).toBe('7 for 1.00 USD, payout 1.95');
    expect(
      soldLine(
        { balance_after: 10_000.95, contract_id: 12, reference_id: 6, sold_for: 0.95, transaction_id: 7 },
        '',
        2,
      ),
    ).toBe('sold 12 for 0.95; balance 10000.95 (transaction 7, bought in 6)');
  });

  it('a multiplier: bought with no payout to show, its orders in force, its cancellation', () => {
    expect(boughtText({ contract_id: 8, buy_price: 10.45, payout: 0, longcode: 'Up.' }, context)).toBe(
      '8 for 10.45 USD: Up.',
    );
    const orders = {
      take_profit: { order_amount: 5, value: '1638.79', display_name: 'Take profit' },
      stop_loss: { order_amount: -3, value: '1498.59', display_name: 'Stop loss' },
    };
    expect(limitOrdersLine(8, orders, 'USD', 2)).toBe(
      '8 take profit 5.00 USD at 1638.79, stop loss 3.00 USD at 1498.59',
    );
    // A removed order comes back with a null amount.
    expect(limitOrdersLine(8, { ...orders, stop_loss: { order_amount: null, value: null } }, 'USD', 2)).toBe(
      '8 take profit 5.00 USD at 1638.79, stop loss none',
    );
    expect(limitOrdersLine(8, {}, 'USD', 2)).toBe('8 take profit none, stop loss none');
    expect(
      soldLine(
        { balance_after: 10_000, contract_id: 8, reference_id: 6, sold_for: 10, transaction_id: 9 },
        'USD',
        2,
        'cancelled',
      ),
    ).toBe('cancelled 8 for 10.00 USD; balance 10000.00 USD (transaction 9, bought in 6)');
  });
});
