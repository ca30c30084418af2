import { OPTIONS_PREFIX } from '../../../src/protocol/options-api.js';
import { expect } from 'vitest';
import type { AccountsConfig } from '../../../src/server/accounts/accounts-config.js';
import type { LocalServer } from '../../../src/server/index.js';
import type { ServerOptions } from '../../../src/server/server-options.js';
import { startServer } from '../../support/servers.js';

export const DEMO_TOKEN = 'a1-RestDemoTokenAbcdefghijklmn';
export const REAL_TOKEN = 'a1-RestRealTokenAbcdefghijklmn';
export const READ_ONLY = 'a1-RestReadOnlyTokenAbcdefghij';
export const OTHER_TOKEN = 'a1-RestOtherUserTokenAbcdefghi';
export const APP_ID = '32izC2lBT4MmiSNWuxq2l';

/** User 1 has a demo and a real account (and a read-only token); user 2 has a demo one. */
export const REST_ACCOUNTS: AccountsConfig = {
  accounts: [
    {
      loginid: 'VRTC800001',
      currency: 'USD',
      balance: 10_000,
      is_virtual: true,
      user_id: 1,
      tokens: [
        { token: DEMO_TOKEN, scopes: ['read', 'trade'] },
        { token: READ_ONLY, scopes: ['read'] },
      ],
    },
    {
      loginid: 'CR800002',
      currency: 'USD',
      balance: 500.25,
      is_virtual: false,
      user_id: 1,
      tokens: [{ token: REAL_TOKEN, scopes: ['read', 'trade'] }],
    },
    {
      loginid: 'VRTC800003',
      currency: 'USD',
      balance: 10_000,
      is_virtual: true,
      user_id: 2,
      tokens: [{ token: OTHER_TOKEN, scopes: ['read', 'trade'] }],
    },
  ],
};

export function startRestServer(options: ServerOptions = {}): Promise<LocalServer> {
  return startServer({ accounts: REST_ACCOUNTS, ...options });
}

export interface RestAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** A REST call with real fetch: the token and app id as Deriv's clients send them (none when undefined). */
export async function rest(
  server: LocalServer,
  method: string,
  path: string,
  sent: { token?: string | undefined; appId?: string | undefined } = {},
): Promise<RestAnswer> {
  // Given as undefined, a header is left out.
  const token = 'token' in sent ? sent.token : DEMO_TOKEN;
  const appId = 'appId' in sent ? sent.appId : APP_ID;
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (appId !== undefined) headers['Deriv-App-ID'] = appId;
  const response = await fetch(`${server.restUrl}${OPTIONS_PREFIX}${path}`, { method, headers });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? JSON.parse(text) : text };
}

/** An OTP URL for the account, fetched as a client would. */
export async function otpUrl(server: LocalServer, accountId: string, token = DEMO_TOKEN): Promise<string> {
  const answer = await rest(server, 'POST', `/accounts/${accountId}/otp`, { token });
  if (answer.status !== 200) throw new Error(`OTP call answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.data.url;
}

/** The error body as Deriv gives it, `meta` left to the caller (its timing varies). */
export function errorOf(status: number, code: string, message: string, field?: string) {
  return { errors: [{ status, code, message, ...(field ? { field } : {}) }], meta: expect.any(Object) };
}
