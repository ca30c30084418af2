import { describe, expect, it } from 'vitest';
import { OPTIONS_LIMITS } from '../../../src/protocol/options-api.js';
import { RequestRate } from '../../../src/server/options-api/request-rate.js';
import { RawSocket } from '../../support/raw-socket.js';
import { startServer } from '../../support/servers.js';
import { TRADING_ACCOUNTS } from '../trading/sandbox.js';
import { CALL_5T } from './requests.js';
import { optionsServer, publicUrl } from './support.js';

/** Sends `count` pings at once and waits for every answer, by `req_id`. */
async function pings(raw: RawSocket, count: number) {
  const from = raw.messages.length;
  for (let i = 1; i <= count; i++) raw.send({ ping: 1, req_id: i });
  await raw.message(from + count - 1);
  return raw.messages.slice(from);
}

describe('the new API per-connection limits', () => {
  it('refuses the 101st subscription with RateLimit, and takes one again once one is forgotten', async () => {
    const raw = await RawSocket.open(publicUrl(await optionsServer()));
    const limit = OPTIONS_LIMITS.subscriptions;
    // Proposals that differ in amount are distinct streams (a barrier away from the spot: a price that moves).
    const proposal = (amount: number) => ({
      proposal: 1,
      ...CALL_5T,
      duration: 5,
      duration_unit: 'm',
      barrier: '+0.5',
      amount,
      subscribe: 1,
      req_id: amount,
    });
    for (let amount = 1; amount <= limit; amount++)
      expect((await raw.requestById(proposal(amount))).error).toBeUndefined();
    const refused = await raw.requestById(proposal(limit + 1));
    expect(refused.msg_type).toBe('proposal');
    expect(refused.error).toEqual({
      code: 'RateLimit',
      message: `You have reached the limit of ${limit} subscriptions on this connection.`,
    });
    expect((await raw.requestById({ ticks: '1HZ100V', req_id: 999 })).error.code).toBe('RateLimit');
    await raw.requestById({ forget: (await raw.reply(1)).subscription.id, req_id: 1_000 });
    expect((await raw.requestById(proposal(limit + 1))).error).toBeUndefined();
  });

  it('refuses the 101st request in a second with RateLimit; v3 connections keep their own budgets', async () => {
    const server = await startServer({ accounts: TRADING_ACCOUNTS });
    const raw = await RawSocket.open(publicUrl(server));
    const limit = OPTIONS_LIMITS.requestsPerSecond;
    const replies = await pings(raw, limit + 1);
    expect(replies.slice(0, limit).every((reply) => reply.ping === 'pong')).toBe(true);
    expect(replies[limit]).toMatchObject({
      msg_type: 'ping',
      req_id: limit + 1,
      error: {
        code: 'RateLimit',
        message: `You have reached the limit of ${limit} requests per second on this connection.`,
      },
    });
    // Per connection: another new-API socket has all of its own.
    const other = await RawSocket.open(publicUrl(server));
    expect((await pings(other, limit)).every((reply) => reply.ping === 'pong')).toBe(true);
    // v3's ping is exempt from its budgets, as before.
    const v3 = await RawSocket.open(server.url);
    expect((await pings(v3, limit + 50)).every((reply) => reply.ping === 'pong')).toBe(true);
  });

  it('has no request rate with the server rate limits off', async () => {
    const raw = await RawSocket.open(publicUrl(await optionsServer({ rateLimits: false })));
    expect((await pings(raw, 250)).every((reply) => reply.ping === 'pong')).toBe(true);
  });

  it('counts a sliding second of admitted requests', () => {
    const rate = new RequestRate(3, 1_000);
    expect([0, 10, 20, 30].map((now) => rate.admit(now))).toEqual([true, true, true, false]);
    expect(rate.admit(999)).toBe(false);
    expect(rate.admit(1_000)).toBe(true);
    expect(rate.admit(1_005)).toBe(false);
    expect(rate.admit(1_010)).toBe(true);
    expect(rate.admit(1_020)).toBe(true);
    expect(rate.admit(1_021)).toBe(false);
  });
});
