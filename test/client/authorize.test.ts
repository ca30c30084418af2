import { describe, expect, it } from 'vitest';
import { DerivError, isKnownErrorCode } from '../../src/client/node.js';
import { makeClient } from '../support/clients.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

describe('client authorization', () => {
  it('authorize() returns the typed account and exposes it; logout() forgets it', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    const reply = await client.authorize(server.demoToken!);
    expect(reply.authorize.loginid).toBe('VRTC1000001');
    expect(client.account?.loginid).toBe('VRTC1000001');
    expect((await client.send({ balance: 1 })).balance.balance).toBe(10_000);
    await client.logout();
    expect(client.account).toBeUndefined();
    const error = await client.send({ balance: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DerivError);
    expect((error as DerivError).code).toBe('AuthorizationRequired');
  });

  it('send({ authorize }) is remembered the same way', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    await client.send({ authorize: server.demoToken! });
    expect(client.account?.currency).toBe('USD');
  });

  it('a bad token rejects with a typed InvalidToken that carries no token', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    const error = (await client.authorize('WrongToken12345').catch((e: unknown) => e)) as DerivError;
    expect(error.code).toBe('InvalidToken');
    expect(isKnownErrorCode(error.code)).toBe(true);
    expect(error.echo_req).toEqual({ authorize: '<not shown>', req_id: 1 });
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain('WrongToken12345');
    expect(client.account).toBeUndefined();
  });

  it('keeps the token out of every property of the client', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    await client.authorize(server.demoToken!);
    const visible = JSON.stringify({ ...client, state: client.state, account: client.account });
    expect(visible).not.toContain(server.demoToken!);
    // Everything the client holds is in private fields: nothing to enumerate, nothing to leak.
    expect(Object.keys(client)).toEqual([]);
  });

  it('balance streams changes to a subscribed client', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    await client.authorize(server.demoToken!);
    const balances: number[] = [];
    const stream = client.subscribe({ balance: 1 });
    stream.on('data', (message) => balances.push(message.balance.balance));
    await until(() => balances.length >= 1);
    await server.accounts.adjustBalance('VRTC1000001', 250);
    await server.accounts.adjustBalance('VRTC1000001', -50.25);
    await until(() => balances.length >= 3);
    expect(balances).toEqual([10_000, 10_250, 10_199.75]);
  });
});
