import { onTestFinished } from 'vitest';
import { DerivClient, type OptionsAccountClientOptions } from '../../../src/client/options-node.js';
import { acceleratedClock, type AccountsConfig, type LocalServer } from '../../../src/server/index.js';
import { startServer } from '../../support/servers.js';

export const TOKEN = 'a1-OptionsClientTokenAbcdefghi';
export const APP_ID = '32izC2lBT4MmiSNWuxq2l';
export const DEMO = 'VRTC800001';
export const REAL = 'CR800002';

/** One user with a demo and a real account, one token for both (the new API's PAT is per user). */
export const ACCOUNTS: AccountsConfig = {
  accounts: [
    {
      loginid: DEMO,
      currency: 'USD',
      balance: 1_000,
      is_virtual: true,
      user_id: 1,
      tokens: [{ token: TOKEN, scopes: ['read', 'trade'] }],
    },
    { loginid: REAL, currency: 'USD', balance: 250.5, is_virtual: false, user_id: 1, tokens: [] },
  ],
};

/** Quick retries, so a reconnect takes milliseconds. */
export const QUICK = { minRetryDelayMs: 20, maxRetryDelayMs: 100, connectTimeoutMs: 2_000 } as const;

/** A real local server speaking both APIs, on a seeded market at `speed`× (a 2 s tick every 2000/speed ms). */
export function optionsServer(speed = 20): Promise<LocalServer> {
  return startServer({ accounts: ACCOUNTS, market: { seed: 7 }, clock: acceleratedClock(speed), rateLimits: false });
}

/** The server's REST base as the client takes it: scheme, host and port. */
export function restUrlOf(server: LocalServer): string {
  return `http://127.0.0.1:${server.port}`;
}

/** An account client on the server, closed when the test ends. */
export function accountClient(
  server: LocalServer,
  options: Partial<Omit<OptionsAccountClientOptions, 'api' | 'public'>> = {},
): DerivClient {
  const client = new DerivClient({
    api: 'options',
    appId: APP_ID,
    token: TOKEN,
    accountId: DEMO,
    restUrl: restUrlOf(server),
    ...QUICK,
    ...options,
  });
  onTestFinished(() => client.close());
  return client;
}
