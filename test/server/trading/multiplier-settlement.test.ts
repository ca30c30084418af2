import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricePath, type Tick } from '../../../src/server/market/price-path.js';
import { symbolSpec } from '../../../src/server/market/symbols.js';
import { multiplierCloseAt, multiplierEntry } from '../../../src/server/trading/multiplier-settlement.js';
import { modelClose, multiplier } from './multipliers.js';

const R_100 = symbolSpec('R_100')!;
/** An even second, so R_100 has a tick at it. */
const START = 1_800_000_000;
const HOURS = 3_600;

const spec = (params: Record<string, unknown>) => ({ ...multiplier({ multiplier: 100, ...params }), dateStart: START });

const limitOrders = fc.record(
  {
    take_profit: fc.integer({ min: 10, max: 2_000 }).map((cents) => cents / 100),
    stop_loss: fc.integer({ min: 10, max: 1_000 }).map((cents) => cents / 100),
  },
  { requiredKeys: [] },
);
const update = fc.record({
  epoch: fc.integer({ min: START, max: START + 2 * HOURS }),
  takeProfit: fc.option(
    fc.integer({ min: 10, max: 2_000 }).map((cents) => cents / 100),
    { nil: undefined },
  ),
  stopLoss: fc.option(
    fc.oneof(
      fc.constant(null),
      fc.integer({ min: 10, max: 1_000 }).map((cents) => cents / 100),
    ),
    {
      nil: undefined,
    },
  ),
});

describe('a multiplier closing by itself', () => {
  it('enters at the tick of its purchase second (or the one before it), and scans from the tick after', () => {
    const path = new PricePath(3, R_100);
    const bought = spec({ limit_order: { take_profit: 0.1 } });
    expect(multiplierEntry(path, bought)).toEqual({ epoch: START, quote: path.quoteAt(START) });
    expect(multiplierEntry(path, { ...bought, dateStart: START + 1 }).epoch).toBe(START);
    // Nothing to read yet in the purchase second: no close, and the scan goes on from the next tick.
    expect(multiplierCloseAt(path, bought, [], START + 1)).toEqual({ close: undefined, scannedTo: START + 2 });
  });

  it('closes at the first tick where the stop out, the stop loss or the take profit in force is reached, as the model says', () => {
    let closed = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('MULTUP', 'MULTDOWN'),
        limitOrders,
        fc.array(update, { maxLength: 4 }),
        (seed, contractType, orders, updates) => {
          const path = new PricePath(seed, R_100);
          const bought = spec({ contract_type: contractType, limit_order: orders });
          const sorted = [...updates].sort((a, b) => a.epoch - b.epoch);
          const now = START + 3 * HOURS;
          const { close } = multiplierCloseAt(path, bought, sorted, now);
          const expected = modelClose(path, bought, sorted, now);
          expect(close && { reason: close.reason, epoch: close.tick.epoch, cancelled: close.cancelled }).toEqual(
            expected && { reason: expected.reason, epoch: expected.epoch, cancelled: expected.cancelled },
          );
          if (close) {
            closed++;
            // To the cent.
            expect(Math.abs(close.sellPrice - expected!.sellPrice)).toBeLessThanOrEqual(0.005 + 1e-9);
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(closed).toBeGreaterThan(20);
  });

  it('is the same read in one go or a little at a time, as the settler reads it (and after a restart)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        limitOrders,
        fc.array(fc.integer({ min: 2, max: 900 }), { minLength: 1, maxLength: 30 }),
        (seed, orders, steps) => {
          const path = new PricePath(seed, R_100);
          const bought = spec({ limit_order: orders });
          let scannedTo = 0;
          let now = START;
          let close: ReturnType<typeof multiplierCloseAt>['close'];
          for (const step of steps) {
            now += step;
            ({ close, scannedTo } = multiplierCloseAt(path, bought, [], now, scannedTo));
            if (close) break;
          }
          expect(close).toEqual(multiplierCloseAt(path, bought, [], now).close);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an update is in force from the tick after its second: one made at a tick does not close the contract there', () => {
    const path = new PricePath(11, R_100);
    const bought = spec({});
    const entry = multiplierEntry(path, bought).quote;
    const pnl = (tick: Tick) => 1000 * (tick.quote / entry - 1 - bought.commission);
    // A tick in profit, and a take profit under its pnl: in force there, it closes the contract at that tick.
    const high = path.ticks(START + 2, START + HOURS).find((tick) => pnl(tick) >= 1)!;
    const at = high.epoch;
    const takeProfit = Math.floor(pnl(high) * 100) / 100 - 0.5;
    for (const epoch of [at, at - 1]) {
      const updates = [{ epoch, takeProfit }];
      const { close } = multiplierCloseAt(path, bought, updates, START + HOURS);
      const expected = modelClose(path, bought, updates, START + HOURS);
      expect(close?.tick.epoch).toBe(expected?.epoch);
      if (epoch === at) expect(close?.tick.epoch ?? Infinity).toBeGreaterThan(at);
      else expect(close?.tick.epoch).toBe(at);
    }
  });

  it('a stop out inside the cancellation window cancels: the stake back; after it, the stop out sells for 0', () => {
    // Find a seed that stops out within the hour, both ways round.
    for (let seed = 1; seed < 200; seed++) {
      const path = new PricePath(seed, R_100);
      const plain = multiplierCloseAt(path, spec({}), [], START + 4 * HOURS).close;
      if (plain?.reason !== 'stop_out') continue;
      expect(plain).toMatchObject({ sellPrice: 0, cancelled: false });
      const minutes = (plain.tick.epoch - START) / 60;
      const inside = ['5m', '10m', '15m', '30m', '60m'].find((window) => Number(window.slice(0, -1)) > minutes);
      const before = ['60m', '30m', '15m', '10m', '5m'].find((window) => Number(window.slice(0, -1)) < minutes);
      if (!inside || !before) continue;
      expect(multiplierCloseAt(path, spec({ cancellation: inside }), [], START + 4 * HOURS).close).toEqual({
        ...plain,
        sellPrice: 10,
        cancelled: true,
      });
      expect(multiplierCloseAt(path, spec({ cancellation: before }), [], START + 4 * HOURS).close).toEqual(plain);
      return;
    }
    throw new Error('no seed stopped out inside an hour');
  });
});
