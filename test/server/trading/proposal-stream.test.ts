import { describe, expect, it, onTestFinished } from 'vitest';
import type { ConnectionHandle, ServerServices } from '../../../src/server/calls/types.js';
import type { LocalServer } from '../../../src/server/index.js';
import type { RawSocket } from '../../support/raw-socket.js';
import { until } from '../../support/until.js';
import { connectAs, OTHER, START, sandbox } from './sandbox.js';

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

/** The same contract for 2 USD: other terms, so another price. */
const HIGHER_5T_2USD = { ...HIGHER_5T, amount: 2 };

/** Every message the socket receives, as the text that came off the wire. */
function textsOf(raw: RawSocket): string[] {
  const texts: string[] = [];
  raw.socket.on('message', (data: Buffer) => texts.push(data.toString()));
  return texts;
}

/** The stream's message of the tick at `epoch`, as sent, once it has come (`spot_time` ends the payload). */
async function updateText(texts: string[], streamId: string, epoch: number): Promise<string> {
  const of = (text: string) =>
    text.includes(`"subscription":{"id":"${streamId}"}`) && text.endsWith(`"spot_time":${epoch}}}`);
  await until(() => texts.some(of));
  return texts.find(of)!;
}

/** The stream's messages after its reply (a reply has `proposal` before `subscription`, a stream message after it). */
const updatesOf = (texts: string[], streamId: string) =>
  texts.filter((text) => text.includes(`"subscription":{"id":"${streamId}"},"proposal":{`));

/** The tick epoch of each message. */
const spotTimes = (texts: string[]) => texts.map((text) => Number(/"spot_time":(\d+)/.exec(text)![1]));

/**
 * A stream's message exactly as the server writes it: its own envelope (its request's echo,
 * `req_id`, `passthrough`, its subscription), then the price a one-off proposal of the same terms
 * gets at that moment, under the stream's `id`, in the real server's key order.
 */
function expectedText(reply: Record<string, any>, oneOff: Record<string, any>): string {
  const { echo_req, req_id, passthrough, subscription } = reply;
  return JSON.stringify({
    echo_req,
    msg_type: 'proposal',
    req_id,
    ...(passthrough === undefined ? {} : { passthrough }),
    subscription,
    proposal: { ...oneOff, id: subscription.id },
  });
}

/** The connection handle and the services of each socket, as a handler sees them (through a `time` handler of the test's). */
async function handlesOf(server: LocalServer, sockets: RawSocket[]) {
  const connections: ConnectionHandle[] = [];
  let services: ServerServices | undefined;
  const restore = server.handle('time', (context) => {
    connections.push(context.connection);
    services = context.services;
    return 0;
  });
  for (const raw of sockets) await raw.answered({ time: 1 });
  restore();
  return { connections, services: services! };
}

describe('proposal streams on one tick', () => {
  it('streams of the same terms share its price, each under its own id and envelope; other terms get their own price', async () => {
    const { clock, server, raw } = await sandbox();
    const other = await connectAs(server.url, OTHER);
    const [texts, otherTexts] = [textsOf(raw), textsOf(other)];
    const a = await raw.answered({ ...HIGHER_5T, subscribe: 1, req_id: 1, passthrough: { stream: 'a' } });
    const b = await other.answered({ ...HIGHER_5T, subscribe: 1, req_id: 2 });
    const c = await raw.answered({ ...HIGHER_5T_2USD, subscribe: 1, req_id: 3 });
    const ids = [a, b, c].map((reply) => reply.subscription.id);
    expect(new Set(ids).size).toBe(3);
    clock.advanceTo(START + 2);
    const [aText, bText, cText] = await Promise.all([
      updateText(texts, ids[0], START + 2),
      updateText(otherTexts, ids[1], START + 2),
      updateText(texts, ids[2], START + 2),
    ]);
    const oneOff = (await raw.requestById({ ...HIGHER_5T, req_id: 10 })).proposal;
    const oneOff2Usd = (await raw.requestById({ ...HIGHER_5T_2USD, req_id: 11 })).proposal;
    expect(oneOff.spot_time).toBe(START + 2);
    expect(oneOff2Usd.payout).not.toBe(oneOff.payout);
    expect(aText).toBe(expectedText(a, oneOff));
    expect(bText).toBe(expectedText(b, oneOff));
    expect(cText).toBe(expectedText(c, oneOff2Usd));
  });

  it('a stream forgotten while the tick is being sent gets nothing of it, nor of the next; the others get theirs', async () => {
    const { clock, server, raw } = await sandbox();
    const other = await connectAs(server.url, OTHER);
    const [texts, otherTexts] = [textsOf(raw), textsOf(other)];
    const { connections, services } = await handlesOf(server, [raw, other]);
    const a = (await raw.answered({ ...HIGHER_5T, subscribe: 1 })).subscription.id;
    // Listens between A and B: the feed calls it after A has been priced and sent, before B.
    let forgot: boolean | undefined;
    const stopListening = services.market.feed('R_100').onTick(() => {
      forgot ??= connections[1]!.streams.forget(b);
    });
    onTestFinished(stopListening);
    const b = (await other.answered({ ...HIGHER_5T, subscribe: 1 })).subscription.id;
    const c = (await other.answered({ ...HIGHER_5T_2USD, subscribe: 1 })).subscription.id;
    clock.advanceTo(START + 2);
    await Promise.all([updateText(texts, a, START + 2), updateText(otherTexts, c, START + 2)]);
    expect(forgot).toBe(true);
    clock.advanceTo(START + 4);
    await Promise.all([updateText(texts, a, START + 4), updateText(otherTexts, c, START + 4)]);
    // A ping answered after both ticks: anything B had been sent would have come before it.
    await other.requestById({ ping: 1, req_id: 20 });
    expect(updatesOf(otherTexts, b)).toEqual([]);
    expect(await other.requestById({ forget: b, req_id: 21 })).toMatchObject({ forget: 0 });
  });

  it('streams whose contract no longer prices get nothing of that tick and stay open; others go on', async () => {
    const { clock, server, raw } = await sandbox();
    const other = await connectAs(server.url, OTHER);
    const [texts, otherTexts] = [textsOf(raw), textsOf(other)];
    // A higher with its barrier below the spot, ending at a fixed time: priced while time is left;
    // at its end it surely wins, and a contract that pays back no more than its stake has no return.
    const ending = {
      ...HIGHER_5T,
      barrier: '-0.1',
      duration: undefined,
      duration_unit: undefined,
      date_expiry: START + 16,
    };
    const a = (await raw.answered({ ...ending, subscribe: 1 })).subscription.id;
    const b = (await other.answered({ ...ending, subscribe: 1 })).subscription.id;
    const c = (await raw.answered({ ...HIGHER_5T, subscribe: 1 })).subscription.id;
    for (let epoch = START + 2; epoch <= START + 16; epoch += 2) {
      clock.advanceTo(epoch);
      await updateText(texts, c, epoch);
    }
    await raw.requestById({ ping: 1, req_id: 30 });
    await other.requestById({ ping: 1, req_id: 31 });
    const [aTimes, bTimes] = [spotTimes(updatesOf(texts, a)), spotTimes(updatesOf(otherTexts, b))];
    expect(aTimes[0]).toBe(START + 2);
    expect(aTimes.at(-1)).toBeLessThan(START + 16);
    expect(bTimes).toEqual(aTimes);
    expect(await raw.requestById({ forget: a, req_id: 32 })).toMatchObject({ forget: 1 });
    expect(await other.requestById({ forget: b, req_id: 33 })).toMatchObject({ forget: 1 });
  });
});
