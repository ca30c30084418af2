import type { Tick } from '../../market/price-path.js';
import type { ContractRecord } from '../../store/store.js';
import { roundMoney } from '../../trading/money.js';

/**
 * The open-contract view's field groups every kind of contract shares (binaries, multipliers,
 * accumulators), each in the order the view lists them, so a kind's view spreads them in place.
 */

/** A quote as the view prints it: to the symbol's pip decimals. */
export const quoteText = (quote: number, pipSize: number) => quote.toFixed(pipSize);

/** `entry_spot` … `entry_tick_time`, once there is an entry tick. */
export function entryFields(entry: Tick | undefined, pipSize: number) {
  if (!entry) return {};
  return {
    entry_spot: entry.quote,
    entry_spot_display_value: quoteText(entry.quote, pipSize),
    entry_tick: entry.quote,
    entry_tick_display_value: quoteText(entry.quote, pipSize),
    entry_tick_time: entry.epoch,
  };
}

/** `exit_tick` … `exit_tick_time`, once the contract has ended on a tick. */
export function exitFields(exit: Tick | undefined, pipSize: number) {
  if (!exit) return {};
  return {
    exit_tick: exit.quote,
    exit_tick_display_value: quoteText(exit.quote, pipSize),
    exit_tick_time: exit.epoch,
  };
}

/** `profit` and `profit_percentage` at a bid. */
export function profitFields(bid: number, buyPrice: number) {
  return { profit: roundMoney(bid - buyPrice), profit_percentage: roundMoney(((bid - buyPrice) / buyPrice) * 100) };
}

/** `sell_price` … `sell_time`, once sold: at `price`, the spot it was sold on, at `sellTime` (epoch seconds). */
export function saleFields(sold: { price: number; exit: Tick; sellTime: number } | undefined, pipSize: number) {
  if (!sold) return {};
  return {
    sell_price: sold.price,
    sell_spot: sold.exit.quote,
    sell_spot_display_value: quoteText(sold.exit.quote, pipSize),
    sell_spot_time: sold.exit.epoch,
    sell_time: sold.sellTime,
  };
}

/** `transaction_ids`: the buy's, and the sale's once sold. */
export function transactionIds(record: ContractRecord) {
  return { buy: record.buyTransactionId, ...(record.sale ? { sell: record.sale.sellTransactionId } : {}) };
}

/** Why it may not be sold now, as the view says it (no error envelope), or nothing when it may. */
export function validationFields(validation: { code: string; message: string } | undefined) {
  return validation ? { validation_error: validation.message, validation_error_code: validation.code } : {};
}
