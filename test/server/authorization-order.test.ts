import { describe, expect, it, onTestFinished } from 'vitest';
import type { AccountsConfig, TokenGrant } from '../../src/server/index.js';
import { DelegatingStore } from '../support/delegating-store.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';

const SLOW = 'SlowToken123456';
const FAST = 'FastToken123456';
const config: AccountsConfig = {
  accounts: [
    {
      loginid: 'CR900101',
      currency: 'USD',
      balance: 100,
      is_virtual: false,
      tokens: [{ token: SLOW, scopes: ['read'] }],
    },
    {
      loginid: 'CR900102',
      currency: 'USD',
      balance: 200,
      is_virtual: false,
      tokens: [{ token: FAST, scopes: ['read'] }],
    },
  ],
};

/** A store that takes longer over one token, as a store across IPC or Redis may over any. */
class SlowTokenStore extends DelegatingStore {
  override async grantFor(token: string): Promise<TokenGrant | undefined> {
    if (token === SLOW) await new Promise((resolve) => setTimeout(resolve, 50));
    return super.grantFor(token);
  }
}

/** A seeded SlowTokenStore, closed when the test ends (a server leaves a store it was given open). */
async function slowStore(): Promise<SlowTokenStore> {
  const store = new SlowTokenStore(config);
  onTestFinished(() => store.close());
  await store.ready;
  return store;
}

/** A connection to a server whose store takes longer over SLOW. */
async function slowStoreSocket(): Promise<RawSocket> {
  const server = await startServer({ store: await slowStore() });
  return RawSocket.open(server.url);
}

/** Sends every request at once and waits for a reply to each (by req_id), in the order they came. */
async function sendAtOnce(
  raw: RawSocket,
  requests: Array<Record<string, unknown> & { req_id: number }>,
): Promise<Record<string, any>[]> {
  const from = raw.messages.length;
  for (const request of requests) raw.send(request);
  await Promise.all(requests.map((request) => raw.reply(request.req_id, from)));
  return raw.messages.slice(from);
}

describe('calls that change authorization take effect in the order they were sent', () => {
  it('authorize then logout at once leaves the connection logged out', async () => {
    const raw = await slowStoreSocket();
    const replies = await sendAtOnce(raw, [
      { authorize: FAST, req_id: 1 },
      { logout: 1, req_id: 2 },
    ]);
    expect(replies.map((reply) => [reply.req_id, reply.msg_type, reply.error?.code])).toEqual([
      [1, 'authorize', undefined],
      [2, 'logout', undefined],
    ]);
    expect((await raw.request({ balance: 1 })).error).toEqual({
      code: 'AuthorizationRequired',
      message: 'Please log in.',
    });
  });

  it('a slow authorize then a fast one at once ends on the second account', async () => {
    const raw = await slowStoreSocket();
    const replies = await sendAtOnce(raw, [
      { authorize: SLOW, req_id: 1 },
      { authorize: FAST, req_id: 2 },
    ]);
    expect(replies.map((reply) => [reply.req_id, reply.authorize?.loginid])).toEqual([
      [1, 'CR900101'],
      [2, 'CR900102'],
    ]);
    expect((await raw.answered({ balance: 1 })).balance.loginid).toBe('CR900102');
  });

  it('a call that needs authorization, sent right after authorize, sees it', async () => {
    const raw = await slowStoreSocket();
    const replies = await sendAtOnce(raw, [
      { authorize: SLOW, req_id: 1 },
      { balance: 1, req_id: 2 },
      { ping: 1, req_id: 3 },
    ]);
    expect(replies[0]).toMatchObject({ req_id: 1, msg_type: 'authorize' });
    // The two after it start together once it is answered; they may be answered in either order.
    expect(
      replies
        .slice(1)
        .map((reply) => [reply.req_id, reply.msg_type, reply.error?.code])
        .sort(),
    ).toEqual([
      [2, 'balance', undefined],
      [3, 'ping', undefined],
    ]);
    expect(replies.find((reply) => reply.req_id === 2)!.balance).toEqual({
      balance: 100,
      currency: 'USD',
      loginid: 'CR900101',
    });
  });

  it('a call sent after a failed authorize is refused as unauthorized', async () => {
    const raw = await slowStoreSocket();
    const replies = await sendAtOnce(raw, [
      { authorize: 'NoSuchToken1234', req_id: 1 },
      { balance: 1, req_id: 2 },
    ]);
    expect(replies.map((reply) => [reply.req_id, reply.error?.code])).toEqual([
      [1, 'InvalidToken'],
      [2, 'AuthorizationRequired'],
    ]);
  });

  it('logout then authorize at once leaves the connection authorized', async () => {
    const raw = await slowStoreSocket();
    await raw.answered({ authorize: FAST });
    const replies = await sendAtOnce(raw, [
      { logout: 1, req_id: 1 },
      { authorize: SLOW, req_id: 2 },
      { balance: 1, req_id: 3 },
    ]);
    expect(replies.map((reply) => [reply.req_id, reply.msg_type, reply.error?.code])).toEqual([
      [1, 'logout', undefined],
      [2, 'authorize', undefined],
      [3, 'balance', undefined],
    ]);
    expect(replies[2]!.balance.loginid).toBe('CR900101');
  });

  it('the requests held behind an authorize draw on the budget it leads to', async () => {
    const server = await startServer({
      store: await slowStore(),
      rateLimits: { limits: { general: { minutely: 2, hourly: 100 } } },
    });
    const raw = await RawSocket.open(server.url);
    // The IP's budget takes authorize and one more; the rest come out of the account's.
    const replies = await sendAtOnce(raw, [
      { website_status: 1, req_id: 1 },
      { authorize: SLOW, req_id: 2 },
      { website_status: 1, req_id: 3 },
      { website_status: 1, req_id: 4 },
      { website_status: 1, req_id: 5 },
    ]);
    expect(replies.map((reply) => [reply.req_id, reply.error?.code])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [4, undefined],
      [5, 'RateLimit'],
    ]);
  });
});
