import type { ServerMessage } from '../src/client/index.js';
import { money, signedMoney } from './money.js';
import { withoutSecrets } from './secrets.js';

/** A log line stays one line: longer JSON is cut here. */
const SUMMARY_LENGTH = 140;

/** Cuts text to `max` characters, saying so with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * What a message says, in a few words: the quote of a tick, the count of a list, the code
 * of an error. Calls without a summary of their own show their payload as shortened JSON.
 */
export function summarise(message: ServerMessage): string {
  const error = message.error as { code?: unknown; message?: unknown } | undefined;
  if (error) return `${String(error.code)}: ${String(error.message)}`;
  const type = String(message.msg_type);
  const payload = message[type];
  switch (type) {
    case 'ping':
      return String(payload);
    case 'time':
      return typeof payload === 'number' ? `${new Date(payload * 1000).toISOString()} (server time)` : json(payload);
    case 'tick': {
      const tick = payload as { symbol?: string; quote?: number; pip_size?: number; epoch?: number };
      const quote = typeof tick.quote === 'number' ? tick.quote.toFixed(tick.pip_size ?? 2) : '?';
      return `${tick.symbol ?? '?'} ${quote} at epoch ${tick.epoch ?? '?'}`;
    }
    case 'active_symbols':
      return Array.isArray(payload) ? `${payload.length} symbols` : json(payload);
    case 'history': {
      const prices = (payload as { prices?: unknown[] }).prices;
      return Array.isArray(prices) ? `${prices.length} ticks` : json(payload);
    }
    case 'candles':
      return Array.isArray(payload) ? `${payload.length} candles` : json(payload);
    case 'balance': {
      const { balance, currency } = payload as { balance?: number; currency?: string };
      return typeof balance === 'number' ? `${money(balance)} ${currency ?? ''}` : json(payload);
    }
    case 'proposal': {
      const { ask_price, payout, multiplier } = payload as { ask_price?: number; payout?: number; multiplier?: number };
      if (typeof ask_price === 'number' && typeof multiplier === 'number')
        return `ask ${money(ask_price)}, ×${multiplier}`;
      return typeof ask_price === 'number' && typeof payout === 'number'
        ? `ask ${money(ask_price)}, payout ${money(payout)}`
        : json(payload);
    }
    case 'buy': {
      const { contract_id, buy_price } = payload as { contract_id?: number; buy_price?: number };
      return typeof buy_price === 'number' ? `contract ${contract_id} for ${money(buy_price)}` : json(payload);
    }
    case 'proposal_open_contract': {
      // The new API sends the profit as text ("-0.47").
      const contract = payload as { contract_id?: number; status?: string; profit?: number | string };
      return contract.contract_id !== undefined
        ? `contract ${contract.contract_id} ${contract.status ?? '?'} ${signedMoney(Number(contract.profit ?? 0))}`
        : json(payload);
    }
    case 'sell':
    case 'cancel': {
      const { contract_id, sold_for } = payload as { contract_id?: number; sold_for?: number };
      return typeof sold_for === 'number' ? `contract ${contract_id} for ${money(sold_for)}` : json(payload);
    }
    case 'contract_update': {
      const orders = payload as Record<string, { order_amount?: number | null; value?: string | null } | undefined>;
      const order = (name: string, key: string) => {
        const amount = orders[key]?.order_amount;
        return typeof amount === 'number'
          ? `${name} ${money(Math.abs(amount))} at ${orders[key]?.value}`
          : `no ${name}`;
      };
      return `${order('take profit', 'take_profit')}, ${order('stop loss', 'stop_loss')}`;
    }
    default:
      return json(payload === undefined ? message : payload);
  }
}

function json(value: unknown): string {
  return shorten(JSON.stringify(withoutSecrets(value)) ?? String(value), SUMMARY_LENGTH);
}
