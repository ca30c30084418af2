import { describe, expect, it } from 'vitest';
import type { CandleUpdate, Tick } from '../../../src/server/market/tick.js';
import { candlePayload, tickPayload } from '../../../src/server/streams/market-payloads.js';
import type { SharedPayload } from '../../../src/server/streams/stream-message.js';

const text = (payload: SharedPayload) => [payload.before.toString(), payload.after.toString()];

describe('market payloads', () => {
  it('serialise a tick once, in the wire order around its id, and hand every subscriber the same bytes', () => {
    const tick: Tick = {
      symbol: 'R_50',
      epoch: 1_750_000_000,
      quote: 187.1234,
      bid: 187.114,
      ask: 187.1328,
      pipSize: 4,
    };
    const payload = tickPayload(tick);
    expect(text(payload)).toEqual([
      '"ask":187.1328,"bid":187.114,"epoch":1750000000,',
      '"pip_size":4,"quote":187.1234,"symbol":"R_50"}}',
    ]);
    expect(tickPayload(tick)).toBe(payload);
    expect(tickPayload({ ...tick })).not.toBe(payload);
  });

  it('serialise a candle update once, with its prices as strings of pip_size decimals', () => {
    const candle: CandleUpdate = {
      symbol: '1HZ100V',
      pipSize: 2,
      granularity: 60,
      openTime: 1_750_000_020,
      open: 812.5,
      high: 813,
      low: 812.1,
      close: 812.77,
      epoch: 1_750_000_031,
    };
    const payload = candlePayload(candle);
    expect(text(payload)).toEqual([
      '"close":"812.77","epoch":1750000031,"granularity":60,"high":"813.00",',
      '"low":"812.10","open":"812.50","open_time":1750000020,"pip_size":2,"symbol":"1HZ100V"}}',
    ]);
    expect(candlePayload(candle)).toBe(payload);
  });
});
