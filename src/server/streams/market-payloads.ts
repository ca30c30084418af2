import type { CandleUpdate, Tick } from '../market/tick.js';
import { sharePayload, type SharedPayload } from './stream-message.js';

/**
 * The market publishes plain numbers; this is where they become a stream's payload. Every
 * subscriber of a symbol is handed the same tick object, so the bytes are kept with it: the
 * first subscriber serialises, the other 9 999 reuse them, and they go when the tick does.
 */
const serialised = new WeakMap<Tick | CandleUpdate, SharedPayload>();

/** The `tick` payload of a tick stream message, serialised once per tick. */
export function tickPayload(tick: Tick): SharedPayload {
  let payload = serialised.get(tick);
  if (payload === undefined) {
    const { ask, bid, epoch, pipSize, quote, symbol } = tick;
    payload = sharePayload({ ask, bid, epoch, pip_size: pipSize, quote, symbol }, 'pip_size');
    serialised.set(tick, payload);
  }
  return payload;
}

/** The `ohlc` payload of a candle stream message, serialised once per candle update. */
export function candlePayload(candle: CandleUpdate): SharedPayload {
  let payload = serialised.get(candle);
  if (payload === undefined) {
    const format = (value: number) => value.toFixed(candle.pipSize);
    // OHLC stream values are strings, as on the real server; candles in history are numbers.
    payload = sharePayload(
      {
        close: format(candle.close),
        epoch: candle.epoch,
        granularity: candle.granularity,
        high: format(candle.high),
        low: format(candle.low),
        open: format(candle.open),
        open_time: candle.openTime,
        pip_size: candle.pipSize,
        symbol: candle.symbol,
      },
      'low',
    );
    serialised.set(candle, payload);
  }
  return payload;
}
