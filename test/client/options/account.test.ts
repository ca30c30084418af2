import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import {
  ConnectionLostError,
  Contract,
  RestError,
  StreamEndedError,
  type ConnectionState,
  type StreamGap,
  type WebSocketConstructor,
} from '../../../src/client/options-node.js';
import { startServer } from '../../support/servers.js';
import { until } from '../../support/until.js';
import { ACCOUNTS, DEMO, REAL, accountClient, optionsServer } from './fixture.js';

const CALL_5T = {
  proposal: 1,
  contract_type: 'CALL',
  underlying_symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 2,
  duration: 5,
  duration_unit: 't',
} as const;

/** The `connecting` states a client went through: one per attempt, so one OTP call each. */
function attempts(client: ReturnType<typeof accountClient>): ConnectionState[] {
  const seen: ConnectionState[] = [];
  client.on('state', (state) => {
    if (state.status === 'connecting') seen.push(state);
  });
  return seen;
}

describe('the new API: an account client', () => {
  it('learns its account from balance, with no authorize, and fetches a fresh OTP on every connect and reconnect', async () => {
    const server = await optionsServer();
    const client = accountClient(server);
    await client.connect();
    expect(client.account).toEqual({ loginid: DEMO, currency: 'USD', balance: 1_000 });
    expect(server.callCount('authorize')).toBe(0);
    expect(server.callCount('balance')).toBe(1);
    expect(server.otpsIssued).toBe(1);

    for (const expected of [2, 3]) {
      const reopened = new Promise((resolve) => client.once('open', resolve));
      expect(server.closeConnections({ code: 1011, reason: 'test' })).toBe(1);
      await reopened;
      expect(server.otpsIssued).toBe(expected);
      expect(client.account?.loginid).toBe(DEMO);
    }
    expect(server.callCount('balance')).toBe(3);
  });

  it('a refused upgrade (an expired OTP: HTTP 401) is retried with a fresh OTP, not given up on', async () => {
    const server = await optionsServer();
    let sockets = 0;
    // Real ws; the first OTP expires between its REST call and its upgrade.
    class ExpiresFirst extends WebSocket {
      constructor(url: string) {
        if (sockets++ === 0) server.expireOtps();
        super(url);
      }
    }
    const client = accountClient(server, { WebSocket: ExpiresFirst as unknown as WebSocketConstructor });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    await client.connect();
    expect(errors.map((error) => error.message)).toEqual(['Unexpected server response: 401']);
    expect(sockets).toBe(2);
    expect(server.otpsIssued).toBe(2);
    expect(client.account?.loginid).toBe(DEMO);
  });

  it('a revoked token stops the client with RestError 401 after one OTP call: pending calls reject, no loop', async () => {
    const server = await optionsServer();
    const client = accountClient(server);
    const tries = attempts(client);
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    await client.connect();
    server.revokeToken('a1-OptionsClientTokenAbcdefghi');
    const dropped = new Promise((resolve) => client.once('close', resolve));
    server.closeConnections({ code: 1011 });
    await dropped;
    const pending = client.send({ time: 1 }).catch((error: unknown) => error);
    await until(() => client.state.status === 'closed');
    const state = client.state as Extract<ConnectionState, { status: 'closed' }>;
    expect(state.error).toBeInstanceOf(RestError);
    expect(state.error).toMatchObject({ status: 401, isAuthError: true });
    expect(errors.filter((error) => error instanceof RestError)).toHaveLength(1);
    expect(await pending).toBeInstanceOf(ConnectionLostError);
    // Time for a loop to show itself: there is none.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tries).toHaveLength(2);
    expect(server.otpsIssued).toBe(1);
    expect(client.state.status).toBe('closed');
    // connect() again asks once more, and is refused the same way.
    await expect(client.connect()).rejects.toMatchObject({ name: 'RestError', status: 401 });
    expect(tries).toHaveLength(3);
  });

  it('a token refused from the start: connect() rejects with RestError 401 and nothing retries', async () => {
    const server = await optionsServer();
    const client = accountClient(server, { token: 'a1-NoSuchTokenAbcdefghijklmnopq' });
    const tries = attempts(client);
    const refusal = await client.connect().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RestError);
    expect((refusal as RestError).status).toBe(401);
    // The token is never quoted.
    expect(String((refusal as Error).message)).not.toContain('NoSuchToken');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tries).toHaveLength(1);
  });

  it('buys through the Contract handle with underlying_symbol, follows it to settlement, and the balance agrees', async () => {
    const server = await optionsServer(50);
    const client = accountClient(server);
    const contract = await client.buy(CALL_5T);
    expect(contract).toBeInstanceOf(Contract);
    expect(contract.buyPrice).toBe(2);
    const settlement = await contract.settled;
    expect(settlement.status).toBe(settlement.sellPrice > 0 ? 'won' : 'lost');
    expect(typeof settlement.sellPrice).toBe('number');
    expect(settlement.profit).toBe(Math.round((settlement.sellPrice - 2) * 100) / 100);
    const { balance } = await client.send({ balance: 1 });
    expect(balance.balance).toBe(Math.round((1_000 - 2 + settlement.sellPrice) * 100) / 100);
    expect(server.callCount('buy')).toBe(1);
  });

  it('a buy whose reply is lost with the socket is never sent again: ConnectionLostError { sent: true }, one contract', async () => {
    const server = await optionsServer(5);
    const client = accountClient(server);
    await client.connect();
    const since = (await client.send({ time: 1 })).time;
    const stop = server.onRequest(({ call }) => {
      if (call === 'buy') server.closeConnections({ code: 1011 });
    });
    const lost = await client.buy({ ...CALL_5T, duration: 5, duration_unit: 'm' }).catch((error: unknown) => error);
    stop();
    expect(lost).toBeInstanceOf(ConnectionLostError);
    expect(lost).toMatchObject({ sent: true });
    await client.connect();
    expect(server.callCount('buy')).toBe(1);
    expect(server.otpsIssued).toBe(2);
    // Whether it was bought, the new API's portfolio (underlying_symbol) says.
    const found = await client.findContract({ since, contractType: 'CALL', symbol: 'R_100' });
    expect(found).toBeInstanceOf(Contract);
    expect(found!.buyPrice).toBe(2);
    expect(server.callCount('buy')).toBe(1);
    await found!.unsubscribe();
  });

  it('paces a burst under the new API’s 100 requests a second: none is refused with RateLimit', async () => {
    const server = await startServer({ accounts: ACCOUNTS, market: { seed: 7 } });
    const client = accountClient(server);
    await client.connect();
    const refused: unknown[] = [];
    client.on('message', (message) => {
      if ((message.error as { code?: string } | undefined)?.code === 'RateLimit') refused.push(message);
    });
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 150 }, () => client.send({ ticks_history: 'R_50', end: 'latest', count: 1 })),
    );
    expect(replies).toHaveLength(150);
    expect(refused).toEqual([]);
    // 150 calls at most 100 in any second: the last ones waited for the window.
    expect(performance.now() - started).toBeGreaterThan(900);
  });

  it('switchAccount(): a new OTP and socket, market streams carry on with a gap, the old account’s streams end', async () => {
    const server = await optionsServer();
    const client = accountClient(server);
    const ticks = client.subscribe({ ticks: 'R_50' });
    const balance = client.subscribe({ balance: 1 });
    const epochs: number[] = [];
    const balances: string[] = [];
    ticks.on('data', (message) => epochs.push(message.tick!.epoch!));
    balance.on('data', (message) => balances.push(message.balance.loginid));
    await until(() => epochs.length > 0 && balances.length > 0);
    const gaps: StreamGap[] = [];
    ticks.on('gap', (gap) => gaps.push(gap));
    const ended = new Promise<Error | undefined>((resolve) => balance.on('error', resolve));

    await client.switchAccount(REAL);
    expect(client.accountId).toBe(REAL);
    expect(client.account).toEqual({ loginid: REAL, currency: 'USD', balance: 250.5 });
    expect(server.otpsIssued).toBe(2);
    const why = await ended;
    expect(why).toBeInstanceOf(StreamEndedError);
    expect(why!.message).toContain(`from account ${DEMO} to ${REAL}`);
    expect(balance.ended).toBe(true);
    expect(balances).toEqual([DEMO]);
    const before = epochs.length;
    await until(() => epochs.length > before);
    expect(epochs).toEqual([...new Set(epochs)].sort((a, b) => a - b));
    expect(ticks.ended).toBe(false);
    expect(gaps).toHaveLength(1);
    expect((await client.send({ balance: 1 })).balance.loginid).toBe(REAL);
  });
});
