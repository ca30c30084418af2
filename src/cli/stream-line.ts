import type { CurrencyDigits } from './currency.js';
import { clockTime, money, signedMoney } from './table.js';

type Fields = Record<string, unknown>;

/** What a compact line needs beyond the message: each currency's decimals, and the account's currency for messages that do not name one. */
export interface LineContext {
  digits: CurrencyDigits;
  currency: string | undefined;
}

const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
/** A quote to its symbol's pip decimals, as the message gives them (`pip_size: 2`). */
const quote = (value: unknown, pipSize: unknown) =>
  typeof value === 'number' ? (typeof pipSize === 'number' ? value.toFixed(pipSize) : String(value)) : '';
const unit = (currency: string | undefined) => (currency ? ` ${currency}` : '');

/**
 * A stream message as one short line for a person watching (the REPL): `R_100 2583.24 02:59:54`
 * for a tick, `12345 open +0.12 USD` for a contract. Undefined for a message it has no short form
 * for: that one is shown as its JSON.
 */
export function compactLine(message: Fields, context: LineContext): string | undefined {
  const body = message[message.msg_type as string] as Fields | undefined;
  switch (message.msg_type) {
    case 'tick':
      return body && `${body.symbol} ${quote(body.quote, body.pip_size)} ${clockTime(num(body.epoch))}`;
    case 'ohlc':
      return body && `${body.symbol} ${candleText(body, body.pip_size, body.granularity, body.open_time)}`;
    case 'proposal': {
      if (!body) return undefined;
      const currency = (message.echo_req as Fields | undefined)?.currency as string | undefined;
      const digits = context.digits(currency);
      return `ask ${money(num(body.ask_price), digits)} payout ${money(num(body.payout), digits)}${unit(currency)} spot ${body.spot} ${clockTime(num(body.spot_time))}`;
    }
    case 'proposal_open_contract':
      return body && typeof body.contract_id === 'number' ? contractLine(body, context) : undefined;
    case 'balance': {
      if (!body) return undefined;
      const currency = body.currency as string | undefined;
      return `balance ${money(num(body.balance), context.digits(currency))}${unit(currency)}`;
    }
    case 'transaction': {
      if (!body || body.action === undefined) return undefined;
      const currency = (body.currency as string | undefined) ?? context.currency;
      const digits = context.digits(currency);
      const contract = body.contract_id === undefined ? '' : ` contract ${body.contract_id}`;
      return `${body.action}${contract} ${money(num(body.amount), digits)}${unit(currency)}, balance ${money(num(body.balance), digits)}${unit(currency)} ${clockTime(num(body.transaction_time))}`;
    }
    case 'buy':
      return body && `bought ${boughtText(body, context)}`;
    // A history stream's first message: the history, summed up by its latest entry.
    case 'history': {
      const { prices, times } = (message.history ?? {}) as { prices?: unknown[]; times?: unknown[] };
      if (!prices?.length) return undefined;
      const symbol = (message.echo_req as Fields | undefined)?.ticks_history;
      return `${symbol} ${prices.length} ticks, latest ${quote(toNumber(prices.at(-1)), message.pip_size)} ${clockTime(num(times?.at(-1)))}`;
    }
    case 'candles': {
      const candles = message.candles as Fields[] | undefined;
      const last = candles?.at(-1);
      if (!last) return undefined;
      const symbol = (message.echo_req as Fields | undefined)?.ticks_history;
      const granularity = (message.echo_req as Fields | undefined)?.granularity ?? 60;
      return `${symbol} ${candles!.length} candles, latest ${candleText(last, message.pip_size, granularity, last.epoch)}`;
    }
    default:
      return undefined;
  }
}

/** A contract: its id, its status and its profit or loss so far (or at the end). */
export function contractLine(contract: Fields, context: LineContext): string {
  const currency = (contract.currency as string | undefined) ?? context.currency;
  const status = typeof contract.status === 'string' ? contract.status : contract.is_sold === 1 ? 'sold' : 'open';
  return `${contract.contract_id} ${status} ${signedMoney(num(contract.profit), context.digits(currency))}${unit(currency)}`;
}

/** `12345 for 10.00 USD, payout 19.50: Win payout if …` from a `buy` reply; a multiplier (payout 0) has no payout to show. */
export function boughtText(buy: Fields, context: LineContext): string {
  const digits = context.digits(context.currency);
  const longcode = typeof buy.longcode === 'string' ? `: ${buy.longcode}` : '';
  const payout = buy.payout === 0 ? '' : `, payout ${money(num(buy.payout), digits)}`;
  return `${buy.contract_id} for ${money(num(buy.buy_price), digits)}${unit(context.currency)}${payout}${longcode}`;
}

/** `12345 take profit 5.00 USD at 1270.14, stop loss none`, from a `contract_update` reply: the orders in force. */
export function limitOrdersLine(contractId: number, orders: Fields, currency: string, digits: number): string {
  const order = (name: string, key: string) => {
    const fields = orders[key] as Fields | undefined;
    const amount = num(fields?.order_amount);
    if (amount === undefined) return `${name} none`;
    return `${name} ${money(Math.abs(amount), digits)}${unit(currency)} at ${fields?.value}`;
  };
  return `${contractId} ${order('take profit', 'take_profit')}, ${order('stop loss', 'stop_loss')}`;
}

/** `sold 12345 for 0.95 USD; balance 10000.95 USD (transaction 7, bought in 6)`, from a `sell` reply (or `cancelled …` from a `cancel`'s, the same receipt). */
export function soldLine(sold: Fields, currency: string, digits: number, verb = 'sold'): string {
  const unitText = unit(currency);
  return `${verb} ${sold.contract_id} for ${money(num(sold.sold_for), digits)}${unitText}; balance ${money(num(sold.balance_after), digits)}${unitText} (transaction ${sold.transaction_id}, bought in ${sold.reference_id})`;
}

/** `60s O 1785.68 H 1785.95 L 1783.37 C 1784.24 02:59:00`: a candle, from its open time. */
function candleText(candle: Fields, pipSize: unknown, granularity: unknown, openTime: unknown): string {
  const prices = ['open', 'high', 'low', 'close'].map(
    (key) => `${key[0]!.toUpperCase()} ${quote(toNumber(candle[key]), pipSize)}`,
  );
  return `${granularity}s ${prices.join(' ')} ${clockTime(num(openTime))}`;
}

/** `ohlc` prices come as strings on the real server; a number either way. */
function toNumber(value: unknown): number | undefined {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}
