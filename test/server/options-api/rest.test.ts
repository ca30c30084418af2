import { OPTIONS_PREFIX } from '../../../src/protocol/options-api.js';
import { describe, expect, it } from 'vitest';
import { OPTIONS_LIMITS } from '../../../src/protocol/options-api.js';
import { APP_ID, DEMO_TOKEN, OTHER_TOKEN, READ_ONLY, REAL_TOKEN, errorOf, rest, startRestServer } from './fixture.js';

describe('the new API over REST', () => {
  it('answers GET /v1/health with a plain OK', async () => {
    const server = await startRestServer();
    const response = await fetch(`http://127.0.0.1:${server.port}/v1/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('OK');
  });

  it("lists every account of the token's user, demo and real, in the success envelope", async () => {
    const server = await startRestServer();
    const answer = await rest(server, 'GET', '/accounts');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: [
        {
          account_id: 'VRTC800001',
          balance: 10000,
          currency: 'USD',
          group: 'row',
          status: 'active',
          account_type: 'demo',
        },
        {
          account_id: 'CR800002',
          balance: 500.25,
          currency: 'USD',
          group: 'row',
          status: 'active',
          account_type: 'real',
        },
      ],
      meta: { endpoint: '/trading/v1/options/accounts', method: 'GET', timing: expect.any(Number) },
    });
    // Another user's token sees only its own.
    const other = await rest(server, 'GET', '/accounts', { token: OTHER_TOKEN });
    expect(other.body.data.map((account: { account_id: string }) => account.account_id)).toEqual(['VRTC800003']);
  });

  it('refuses a missing or unknown token with 401, never echoing it', async () => {
    const server = await startRestServer();
    for (const token of [undefined, 'a1-NoSuchTokenAbcdefghijklmnopq']) {
      const answer = await rest(server, 'GET', '/accounts', { token });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(errorOf(401, 'Unauthorized', 'Invalid or missing authentication credentials'));
      expect(JSON.stringify(answer.body)).not.toContain('NoSuchToken');
    }
    const basic = await fetch(`${server.restUrl}${OPTIONS_PREFIX}/accounts`, {
      headers: { Authorization: `Basic ${DEMO_TOKEN}`, 'Deriv-App-ID': APP_ID },
    });
    expect(basic.status).toBe(401);
  });

  it('requires Deriv-App-ID with a PAT, and a registered one when the server has a list', async () => {
    const server = await startRestServer({ appIds: [APP_ID] });
    const without = await rest(server, 'GET', '/accounts', { appId: undefined });
    expect(without.status).toBe(401);
    expect(without.body).toEqual(errorOf(401, 'Unauthorized', 'Deriv-App-ID header is required for PAT tokens'));
    const unknown = await rest(server, 'GET', '/accounts', { appId: 'someOtherApp' });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(errorOf(401, 'Unauthorized', 'Deriv-App-ID is not registered'));
    const malformed = await rest(server, 'GET', '/accounts', { appId: 'bad id!' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual(errorOf(400, 'ValidationError', 'Invalid Deriv-App-ID header', 'Deriv-App-ID'));
    expect((await rest(server, 'GET', '/accounts')).status).toBe(200);
  });

  it('refuses a token without the trade scope with 403', async () => {
    const server = await startRestServer();
    const answer = await rest(server, 'GET', '/accounts', { token: READ_ONLY });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(errorOf(403, 'AccessDenied', 'The token lacks the trade scope'));
  });

  it("answers 400 for a malformed account id and 404 for another user's or an unknown one", async () => {
    const server = await startRestServer();
    const malformed = await rest(server, 'POST', '/accounts/not-an-id/otp');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual(errorOf(400, 'ValidationError', 'Invalid account ID format', 'account_id'));
    for (const id of ['VRTC800003', 'VRTC999999']) {
      const answer = await rest(server, 'POST', `/accounts/${id}/otp`);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(errorOf(404, 'AccountNotFound', 'Account not found'));
    }
    expect(server.otpsIssued).toBe(0);
  });

  it('answers 405 with Allow for a wrong method, and 404 for an unknown path', async () => {
    const server = await startRestServer();
    const wrong = await rest(server, 'GET', '/accounts/VRTC800001/otp');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body).toEqual(errorOf(405, 'MethodNotAllowed', 'Method not allowed'));
    const unknown = await rest(server, 'GET', '/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(errorOf(404, 'NotFound', 'No such endpoint'));
  });

  it('answers 429 past 60 calls a minute per token, and only for that token', async () => {
    const server = await startRestServer({ rateLimits: {} });
    for (let i = 0; i < OPTIONS_LIMITS.restPerMinute; i++)
      expect((await rest(server, 'GET', '/accounts')).status).toBe(200);
    const over = await rest(server, 'GET', '/accounts');
    expect(over.status).toBe(429);
    expect(over.body).toEqual(errorOf(429, 'RateLimit', 'Too many requests'));
    expect((await rest(server, 'GET', '/accounts', { token: REAL_TOKEN })).status).toBe(200);
  });

  it('has no REST budget when rateLimits is false', async () => {
    const server = await startRestServer({ rateLimits: false });
    for (let i = 0; i <= OPTIONS_LIMITS.restPerMinute; i++)
      expect((await rest(server, 'GET', '/accounts')).status).toBe(200);
  });

  it('resets a demo balance through the ledger, and refuses a real account', async () => {
    const server = await startRestServer();
    await server.accounts.setBalance('VRTC800001', 1234.5);
    const answer = await rest(server, 'POST', '/accounts/VRTC800001/reset-demo-balance');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: {
        account_id: 'VRTC800001',
        balance: 10000,
        currency: 'USD',
        group: 'row',
        status: 'active',
        account_type: 'demo',
      },
      meta: {
        endpoint: '/trading/v1/options/accounts/VRTC800001/reset-demo-balance',
        method: 'POST',
        timing: expect.any(Number),
      },
    });
    const [row] = await server.store.ledger('VRTC800001', { limit: 1 });
    expect(row).toMatchObject({ action: 'virtual_credit', amountCents: 876_550, balanceAfterCents: 1_000_000 });
    const real = await rest(server, 'POST', '/accounts/CR800002/reset-demo-balance');
    expect(real.status).toBe(400);
    expect(real.body).toEqual(errorOf(400, 'ValidationError', 'Only demo accounts can be reset', 'account_id'));
    expect(await server.accounts.balance('CR800002')).toBe(500.25);
  });

  it('answers a failing store with 500 InternalServerError, and keeps serving', async () => {
    const lines: string[] = [];
    const logger = {
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    };
    const server = await startRestServer({ logger });
    const original = server.store.accountsOfUser.bind(server.store);
    server.store.accountsOfUser = async () => {
      throw new Error(`boom ${DEMO_TOKEN}`);
    };
    const answer = await rest(server, 'GET', '/accounts');
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual(errorOf(500, 'InternalServerError', 'Internal server error'));
    server.store.accountsOfUser = original;
    expect((await rest(server, 'GET', '/accounts')).status).toBe(200);
    expect(lines.join('\n')).not.toContain(DEMO_TOKEN);
    expect(lines.some((line) => line.includes('REST call to GET /trading/v1/options/accounts failed'))).toBe(true);
  });

  it('turns a revoked token away with 401 on its next call', async () => {
    const server = await startRestServer();
    expect((await rest(server, 'GET', '/accounts')).status).toBe(200);
    server.revokeToken(DEMO_TOKEN);
    expect((await rest(server, 'GET', '/accounts')).status).toBe(401);
    expect((await rest(server, 'POST', '/accounts/VRTC800001/otp')).status).toBe(401);
    expect((await rest(server, 'GET', '/accounts', { token: REAL_TOKEN })).status).toBe(200);
  });
});
