import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_ID_PATTERN } from '../../src/protocol/envelope.js';
import type { AccountsConfig } from '../../src/server/index.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';

const READ_ONLY = 'ReadOnlyToken12';
const TRADER = 'a1-TraderTokenAbcdefghijklmnopq';
const accounts: AccountsConfig = {
  accounts: [
    {
      loginid: 'CR900001',
      currency: 'USD',
      balance: 1234.5,
      is_virtual: false,
      fullname: 'Real Trader',
      country: 'id',
      user_id: 7,
      tokens: [{ token: TRADER, scopes: ['read', 'trade'] }],
    },
    {
      loginid: 'VRTC900002',
      currency: 'USD',
      balance: 10_000,
      is_virtual: true,
      user_id: 7,
      tokens: [{ token: READ_ONLY, scopes: ['read'] }],
    },
  ],
};

describe('authorize', () => {
  it('authorizes with a good token and answers the account, with the token masked in the echo', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({ authorize: TRADER, req_id: 1 });
    expect(reply.echo_req).toEqual({ authorize: '<not shown>', req_id: 1 });
    expect(reply.msg_type).toBe('authorize');
    expect(reply.authorize).toMatchObject({
      loginid: 'CR900001',
      currency: 'USD',
      balance: 1234.5,
      is_virtual: 0,
      fullname: 'Real Trader',
      country: 'id',
      landing_company_name: 'svg',
      scopes: ['read', 'trade'],
      user_id: 7,
      preferred_language: 'EN',
    });
    expect(reply.authorize.account_list.map((a: { loginid: string }) => a.loginid)).toEqual(['CR900001', 'VRTC900002']);
    expect(JSON.stringify(reply)).not.toContain(TRADER);
  });

  it('refuses an unknown token with InvalidToken, and a malformed one with InputValidationFailed', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ authorize: 'NoSuchToken1234', req_id: 2 })).toEqual({
      echo_req: { authorize: '<not shown>', req_id: 2 },
      error: { code: 'InvalidToken', message: 'The token is invalid.' },
      msg_type: 'authorize',
      req_id: 2,
    });
    const malformed = await raw.request({ authorize: 'not a token!' });
    expect(malformed.error).toMatchObject({
      code: 'InputValidationFailed',
      message: 'Input validation failed: authorize',
    });
    expect(malformed.echo_req.authorize).toBe('<not shown>');
    expect(JSON.stringify(malformed)).not.toContain('not a token!');
  });

  it('checks every extra token, and masks them in the echo', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    const good = await raw.answered({ authorize: TRADER, tokens: [READ_ONLY] });
    expect(good.authorize.loginid).toBe('CR900001');
    expect(good.echo_req).toEqual({ authorize: '<not shown>', tokens: '<not shown>' });
    expect((await raw.request({ authorize: TRADER, tokens: ['Unknown00000001'] })).error.code).toBe('InvalidToken');
  });

  it('switches account when authorize is sent again', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    await raw.request({ authorize: TRADER });
    expect((await raw.request({ authorize: READ_ONLY })).authorize.loginid).toBe('VRTC900002');
    expect((await raw.request({ balance: 1 })).balance).toEqual({
      balance: 10_000,
      currency: 'USD',
      loginid: 'VRTC900002',
    });
  });

  it('makes a demo account with an all-scopes token by default', async () => {
    const server = await startServer();
    expect(server.demoToken).toMatch(/^[A-Za-z0-9]{15}$/);
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({ authorize: server.demoToken });
    expect(reply.authorize).toMatchObject({ is_virtual: 1, currency: 'USD', balance: 10_000 });
    expect(reply.authorize.scopes).toEqual(['read', 'trade', 'trading_information', 'payments', 'admin']);
  });

  it('refuses an invalid accounts config, naming the problem', async () => {
    await expect(startServer({ accounts: { accounts: [{ loginid: 'x' }] } as never })).rejects.toThrow(
      /accounts file: \/accounts\/0/,
    );
  });

  // A token no authorize could ever carry (the protocol's ^[\w-]{1,128}$) is a mistake in the file.
  it.each([
    ['too long', 'x'.repeat(129)],
    ['with a space', 'two words'],
    ['with a newline', 'token\n'],
    ['empty', ''],
  ])('refuses an accounts file token %s, without quoting it', async (_, token) => {
    const config = {
      accounts: [
        {
          loginid: 'CR9',
          currency: 'USD',
          balance: 1,
          is_virtual: false,
          tokens: [{ token, scopes: ['read' as const] }],
        },
      ],
    };
    const refused = startServer({ accounts: config });
    await expect(refused).rejects.toThrow(
      'accounts file: /accounts/0/tokens/0/token must match pattern "^[\\w-]{1,128}$"',
    );
    if (token) await expect(refused).rejects.not.toThrow(token);
  });
});

describe('the authorization step', () => {
  it('answers AuthorizationRequired to a call that needs it, before authorize', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ balance: 1, req_id: 3 })).toEqual({
      echo_req: { balance: 1, req_id: 3 },
      error: { code: 'AuthorizationRequired', message: 'Please log in.' },
      msg_type: 'balance',
      req_id: 3,
    });
  });

  it('checks the auth of a call it does not simulate before saying so', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ get_settings: 1 })).error.code).toBe('AuthorizationRequired');
    await raw.request({ authorize: TRADER });
    expect((await raw.request({ get_settings: 1 })).error.code).toBe('NotSimulated');
  });

  it('answers PermissionDenied, naming the scope, when the token lacks it', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    await raw.request({ authorize: READ_ONLY });
    expect(await raw.request({ buy: '1', price: 10 })).toEqual({
      echo_req: { buy: '1', price: 10 },
      error: { code: 'PermissionDenied', message: 'Permission denied, requires trade scope.' },
      msg_type: 'buy',
    });
    expect((await raw.request({ cashier: 'deposit' })).error.message).toBe(
      'Permission denied, requires payments scope.',
    );
    // balance admits read or trading_information.
    expect((await raw.request({ balance: 1 })).balance.balance).toBe(10_000);
  });

  it('logout de-authorizes and stops the account streams', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    await raw.request({ authorize: TRADER });
    await raw.request({ balance: 1, subscribe: 1 });
    expect(server.subscriptionCount).toBe(1);
    expect(await raw.request({ logout: 1, req_id: 4 })).toEqual({
      echo_req: { logout: 1, req_id: 4 },
      msg_type: 'logout',
      logout: 1,
      req_id: 4,
    });
    expect(server.subscriptionCount).toBe(0);
    expect((await raw.request({ balance: 1 })).error.code).toBe('AuthorizationRequired');
  });
});

describe('balance', () => {
  it('answers the balance, and with subscribe streams every change', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    await raw.request({ authorize: TRADER });
    const first = await raw.request({ balance: 1, subscribe: 1, req_id: 5, passthrough: { p: 1 } });
    expect(first.msg_type).toBe('balance');
    expect(first.subscription.id).toMatch(SUBSCRIPTION_ID_PATTERN);
    expect(first.balance).toEqual({ balance: 1234.5, currency: 'USD', id: first.subscription.id, loginid: 'CR900001' });
    const index = raw.messages.length;
    await server.accounts.adjustBalance('CR900001', -34.5);
    await server.accounts.adjustBalance('VRTC900002', 1); // another account: not ours to see
    await server.accounts.setBalance('CR900001', 5_000);
    const [a, b] = [await raw.message(index), await raw.message(index + 1)];
    expect(a).toEqual({
      echo_req: { balance: 1, subscribe: 1, req_id: 5, passthrough: { p: 1 } },
      msg_type: 'balance',
      req_id: 5,
      passthrough: { p: 1 },
      subscription: { id: first.subscription.id },
      balance: { balance: 1200, currency: 'USD', id: first.subscription.id, loginid: 'CR900001' },
    });
    expect(b.balance.balance).toBe(5_000);
    expect(raw.messages).toHaveLength(index + 2);
  });

  it('refuses a second balance stream, and another account’s balance', async () => {
    const server = await startServer({ accounts });
    const raw = await RawSocket.open(server.url);
    await raw.request({ authorize: TRADER });
    await raw.request({ balance: 1, subscribe: 1 });
    expect((await raw.request({ balance: 1, subscribe: 1 })).error).toEqual({
      code: 'AlreadySubscribed',
      message: 'You are already subscribed to CR900001 balance.',
    });
    expect((await raw.request({ balance: 1, account: 'VRTC900002' })).error.code).toBe('PermissionDenied');
    expect((await raw.request({ forget_all: 'balance' })).forget_all).toHaveLength(1);
  });
});
