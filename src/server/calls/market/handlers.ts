import { CALLS } from '../../../protocol/calls.js';
import { ApiError } from '../../api-error.js';
import { HISTORY_SECONDS, type Market } from '../../market/market.js';
import { GRANULARITIES, candlesInSteps } from '../../market/candles.js';
import type { SymbolSpec } from '../../market/symbols.js';
import { callSchema } from '../../schemas.js';
import { candlePayload, tickPayload } from '../../streams/market-payloads.js';
import { openStream } from '../../streams/open-stream.js';
import { NO_REPLY, Reply, type CallDefinition } from '../types.js';

/** ticks_history never returns more than this many ticks or candles (the real server's MAX_TICK_COUNT). */
export const MAX_HISTORY_COUNT = 5_000;
const DEFAULT_HISTORY_COUNT = 1_000;
const DAY = 86_400;
/** Ticks priced per step of history work: well under a millisecond here, so I/O is never kept waiting long. */
const HISTORY_STEP = 4_096;

function info(name: string) {
  return CALLS.get(name)!;
}

function symbolOrFail(market: Market, symbol: string, msgType: string): SymbolSpec {
  const spec = market.spec(symbol);
  if (!spec) throw new ApiError('InvalidSymbol', `Symbol ${symbol} invalid.`, undefined, msgType);
  return spec;
}

const symbolsList = (market: Market, full: boolean) =>
  market.symbols.map((spec) => {
    const brief = {
      display_name: spec.displayName,
      display_order: spec.displayOrder,
      exchange_is_open: 1,
      is_trading_suspended: 0,
      market: 'synthetic_index',
      market_display_name: 'Derived',
      pip: spec.pip,
      subgroup: 'synthetics',
      subgroup_display_name: 'Synthetics',
      submarket: 'random_index',
      submarket_display_name: 'Continuous Indices',
      symbol: spec.symbol,
      symbol_type: 'stockindex',
    };
    if (!full) return brief;
    const epoch = market.latestEpoch(spec.symbol);
    const spot = market.tick(spec.symbol, epoch).quote;
    const dayAgo = market.path(spec.symbol).quoteAt(market.path(spec.symbol).tickEpochAtOrBefore(epoch - DAY));
    return {
      ...brief,
      allow_forward_starting: 0,
      delay_amount: 0,
      exchange_name: 'RANDOM',
      intraday_interval_minutes: 1,
      quoted_currency_symbol: '',
      spot,
      spot_age: '0',
      spot_percentage_change: (((spot - dayAgo) / dayAgo) * 100).toFixed(2),
      spot_time: String(epoch),
    };
  });

export const activeSymbols: CallDefinition = {
  name: 'active_symbols',
  schema: callSchema(info('active_symbols'), {
    properties: {
      barrier_category: { type: 'array', items: { type: 'string' } },
      contract_type: { type: 'array', items: { type: 'string' } },
      landing_company: { type: 'string' },
      landing_company_short: { type: 'string' },
      loginid: { type: 'string' },
      product_type: { type: 'string', enum: ['basic'] },
    },
  }),
  handle: ({ args, services }) => symbolsList(services.market, args.active_symbols === 'full'),
};

export const ticks: CallDefinition = {
  name: 'ticks',
  schema: callSchema(info('ticks'), { properties: {} }),
  /**
   * Always subscribes and sends nothing now: the first message is the next tick
   * (docs/PROTOCOL-NOTES.md, "Market data and streams"). Several symbols open one stream each.
   * All or nothing: an unknown or duplicate symbol refuses the whole request.
   */
  handle: (context) => {
    const { args, services, connection } = context;
    const symbols = [...new Set(typeof args.ticks === 'string' ? [args.ticks] : (args.ticks as string[]))];
    for (const symbol of symbols) symbolOrFail(services.market, symbol, 'tick');
    for (const symbol of symbols)
      connection.streams.assertNotSubscribed(`ticks:${symbol}`, `You are already subscribed to ${symbol}`, 'tick');
    connection.streams.assertRoom(symbols.length);
    for (const symbol of symbols) {
      openStream(context, {
        key: `ticks:${symbol}`,
        listen: (deliver) => services.market.feed(symbol).onTick((tick) => deliver(tickPayload(tick))),
      });
    }
    return NO_REPLY;
  },
};

interface HistoryWindow {
  start: number;
  end: number;
  count: number;
}

/**
 * The window a ticks_history request asks for, with the real server's silent adjustments
 * (docs/PROTOCOL-NOTES.md, "Market data and streams"), kept inside the market's history: a
 * window that ends before the history begins comes back with `start > end`, which answers no
 * ticks and no candles.
 */
function historyWindow(
  args: Record<string, unknown>,
  nowSec: number,
  style: 'ticks' | 'candles',
  granularity: number,
): HistoryWindow {
  const end = args.end === 'latest' ? nowSec : Math.min(Number(args.end), nowSec);
  const count = Math.min(MAX_HISTORY_COUNT, Math.max(1, Number(args.count ?? DEFAULT_HISTORY_COUNT)));
  const historyBegins = nowSec - HISTORY_SECONDS;
  let start: number;
  if (typeof args.start === 'number' && args.start >= historyBegins) start = args.start;
  else if (args.start === undefined && style === 'candles') start = end - count * granularity;
  // Our choice: a day before `end`, not before now as the reference has it, so that a past
  // `end` without `start` answers instead of failing with InvalidStartEnd.
  else start = end - DAY;
  if (start > end) throw new ApiError('InvalidStartEnd', `Start time ${start} must be before end time ${end}`);
  return { start: Math.max(start, historyBegins), end, count };
}

export const ticksHistory: CallDefinition = {
  name: 'ticks_history',
  schema: callSchema(info('ticks_history'), {
    properties: {
      end: { type: 'string', pattern: '^(latest|[0-9]{1,10})$' },
      start: { type: 'integer', minimum: 0 },
      count: { type: 'integer', minimum: 1 },
      style: { type: 'string', enum: ['ticks', 'candles'] },
      granularity: { type: 'integer', enum: [...GRANULARITIES] },
      adjust_start_time: { type: 'integer', enum: [1] },
    },
    required: ['end'],
  }),
  /**
   * The history or candles, worked out in steps between other connections' work (up to
   * 250 000 bridge midpoints, tens of ms in one go), then the stream if asked for.
   */
  handle: async (context) => {
    const { args, services, connection, signal } = context;
    const symbol = args.ticks_history as string;
    const spec = symbolOrFail(services.market, symbol, 'ticks_history');
    const style =
      (args.style as 'ticks' | 'candles' | undefined) ?? (args.granularity !== undefined ? 'candles' : 'ticks');
    const granularity = (args.granularity as number | undefined) ?? 60;
    const path = services.market.path(symbol);
    const window = historyWindow(args, Math.floor(services.clock.now() / 1000), style, granularity);
    const subscribe = args.subscribe === 1;
    const key = style === 'ticks' ? `history-ticks:${symbol}` : `candles:${symbol}:${granularity}`;
    const alreadySubscribed = () =>
      connection.streams.assertNotSubscribed(key, `You are already subscribed to ${symbol}`, 'ticks_history');
    if (subscribe) alreadySubscribed();

    let reply: Reply;
    if (style === 'ticks') {
      const last = path.tickEpochAtOrBefore(window.end);
      const from = Math.max(window.start, last - (window.count - 1) * path.intervalSeconds);
      const ticks =
        from <= last
          ? await services.heavyWork.run(connection, path.ticksInSteps(from, last, HISTORY_STEP), signal)
          : [];
      reply = new Reply('history', {
        history: { prices: ticks.map((t) => t.quote), times: ticks.map((t) => t.epoch) },
        pip_size: spec.pipSize,
      });
    } else {
      const lastOpen = window.end - (window.end % granularity);
      const from = Math.max(window.start, lastOpen - (window.count - 1) * granularity);
      const candles =
        window.start > window.end
          ? []
          : await services.heavyWork.run(
              connection,
              candlesInSteps(path, { start: from, end: window.end, granularity }, HISTORY_STEP),
              signal,
            );
      reply = new Reply('candles', { candles: candles.slice(-window.count), pip_size: spec.pipSize });
    }
    if (subscribe) {
      // The same subscription may have been asked for again, and opened, while this one worked.
      alreadySubscribed();
      const id =
        style === 'ticks'
          ? openStream(context, {
              key,
              listen: (deliver) => services.market.feed(symbol).onTick((tick) => deliver(tickPayload(tick))),
            })
          : openStream(context, {
              key,
              listen: (deliver) =>
                services.market.feed(symbol).onCandle(granularity, (candle) => deliver(candlePayload(candle))),
            });
      reply.fields.subscription = { id };
    }
    return reply;
  },
};
