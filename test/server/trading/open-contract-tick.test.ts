import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/server/clock.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RawSocket } from '../../support/raw-socket.js';
import { startServer } from '../../support/servers.js';
import { M_START, MULTUP_R_100, SEED } from './multipliers.js';
import { TRADER, TRADING_ACCOUNTS } from './sandbox.js';

/**
 * A clock that moves on by itself between two readings, as the wall clock does while one tick is
 * sent to 10 000 streams: after `moveOn()`, each reading is 1 s later than the one before, up
 * to 1.5 s past the manual clock (bounded, so the feed's timers still wait for the manual clock).
 */
function driftingClock(manual: ManualClock) {
  let readings = 0;
  let on = false;
  return {
    moveOn: () => {
      on = true;
      readings = 0;
    },
    now: () => manual.now() + (on ? Math.min(1_500, 1_000 * readings++) : 0),
    setTimeout: (callback: () => void, ms: number) => manual.setTimeout(callback, ms),
    clearTimeout: (handle: ReturnType<Clock['setTimeout']> | undefined) => manual.clearTimeout(handle),
  } satisfies Clock & { moveOn(): void };
}

describe('the open-contract stream', () => {
  it('shows the tick it is sent for, even when the clock has moved past it by then', async () => {
    const manual = new ManualClock(M_START * 1000 + 100);
    const clock = driftingClock(manual);
    const server = await startServer({ clock, market: { seed: SEED }, accounts: TRADING_ACCOUNTS, rateLimits: false });
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: TRADER });
    // Subscribed first, so in each tick's sending its tick message comes before the contract's.
    raw.send({ ticks: '1HZ100V' });
    const parameters = { ...MULTUP_R_100, symbol: '1HZ100V' };
    const reply = await raw.requestById({ buy: '1', price: 10, parameters, subscribe: 1, req_id: 1 });
    expect(reply.error).toBeUndefined();
    const from = raw.messages.length;
    for (let second = 1; second <= 4; second++) {
      clock.moveOn();
      manual.advanceTo(M_START + second);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    let published: number | undefined;
    let views = 0;
    for (const message of raw.messages.slice(from)) {
      if (message.msg_type === 'tick') published = message.tick.epoch;
      if (message.msg_type !== 'proposal_open_contract' || !message.subscription) continue;
      views++;
      expect(message.proposal_open_contract.current_spot_time).toBe(published);
    }
    expect(views).toBeGreaterThan(0);
  });
});
