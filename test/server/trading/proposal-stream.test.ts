import { describe, expect, it } from 'vitest';
import { until } from '../../support/until.js';
import { START, sandbox } from './sandbox.js';

/** Higher/lower: a barrier, so the price moves with the spot and the proposal streams (an ATM rise/fall does not). */
const HIGHER_5T = {
  proposal: 1,
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 1,
  barrier: '+0.1',
  duration: 5,
  duration_unit: 't',
};

describe('a streamed proposal', () => {
  it('is repriced at the tick it follows: that tick spot and epoch, and the price a one-off proposal gets then', async () => {
    const { clock, raw } = await sandbox();
    // A tick stream sends no reply: its first message is the next tick.
    raw.send({ ticks: 'R_100' });
    const streamId = (await raw.answered({ ...HIGHER_5T, subscribe: 1 })).subscription.id;
    const seen = raw.messages.length;
    clock.advanceTo(START + 2);
    const arrived = () => raw.messages.slice(seen);
    await until(() => arrived().some((m) => m.tick) && arrived().some((m) => m.subscription?.id === streamId));
    const tick = arrived().find((m) => m.tick)!.tick;
    const update = arrived().find((m) => m.subscription?.id === streamId)!.proposal;
    expect(tick.epoch).toBe(START + 2);
    const oneOff = (await raw.answered(HIGHER_5T)).proposal;
    expect(update).toMatchObject({
      spot: tick.quote,
      spot_time: tick.epoch,
      ask_price: oneOff.ask_price,
      payout: oneOff.payout,
      date_start: oneOff.date_start,
      date_expiry: oneOff.date_expiry,
      display_value: oneOff.display_value,
      id: streamId,
    });
  });
});
