import { DerivClient, type DerivClientOptions } from '../client/node.js';
import {
  DEFAULT_PUBLIC_URL,
  DEFAULT_REST_URL,
  DerivClient as OptionsClient,
  type OptionsClientOptions,
  OptionsRest,
} from '../client/options-node.js';
import { optionsSocketUrl } from '../protocol/options-api.js';
import { CloseCode } from '../protocol/close-codes.js';
import { DEFAULT_ENDPOINT, TEST_APP_ID, buildEndpointUrl } from '../protocol/url.js';
import { createServer } from '../server/server.js';
import type { ServerOptions } from '../server/server-options.js';
import { UsageError } from './errors.js';
import { parseNumberOption } from './options.js';
import { reportProgress } from './progress.js';
import { describeError } from './output.js';

/** The app id a local server takes on the new API when none is given (any name does there). */
export const LOCAL_APP_ID = 'deriv-ws-cli';

/** The options every client command takes. */
export const targetOptions = {
  api: { type: 'string' },
  account: { type: 'string' },
  public: { type: 'boolean', default: false },
  rest: { type: 'string' },
  url: { type: 'string' },
  endpoint: { type: 'string' },
  'app-id': { type: 'string' },
  local: { type: 'boolean', default: false },
  db: { type: 'string' },
  token: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const targetHelp = `API:
  --api v3|options      v3 (the default: /websockets/v3?app_id=) or Deriv's new API
                        (developers.deriv.com): REST for accounts, a one-time password per socket
  --account ID          with --api options: the account's socket (from REST's accounts list;
                        default: the token's only account, or with --local the demo account)
  --public              with --api options: the public market-data socket, no token
  --rest URL            with --api options: the REST host (default ${DEFAULT_REST_URL});
                        --local sets it, and the app id may be any name (default ${LOCAL_APP_ID})
Target (one of):
  --url URL             the full WebSocket URL
  --endpoint HOST       the v3 host (default ${DEFAULT_ENDPOINT}); ws://host:port for no TLS
  --app-id ID           your app id (default ${TEST_APP_ID})
  --local               an embedded local server, started in this process: works offline
  --db FILE             with --local: keep its accounts, contracts and market in FILE, so the
                        next command with the same --db finds them (default: gone at exit)
Authorization:
  --token TOKEN         authorize first (or set DERIV_TOKEN); never printed. With --local and no
                        token, the embedded server's demo account is used
  --timeout SECONDS     how long a reply may take (default 30)`;

export interface TargetValues {
  api?: string | undefined;
  account?: string | undefined;
  public?: boolean | undefined;
  rest?: string | undefined;
  url?: string | undefined;
  endpoint?: string | undefined;
  'app-id'?: string | undefined;
  local?: boolean | undefined;
  db?: string | undefined;
  token?: string | undefined;
  timeout?: string | undefined;
}

export interface Target {
  client: DerivClient;
  /** Which API the client speaks: on `options` it has no `authorize`, and proposals name `underlying_symbol`. */
  api: 'v3' | 'options';
  /** Where we connect, for messages: scheme, host and path only (a one-time URL's query stays private). */
  label: string;
  /** Closes the client and the embedded server, if any. */
  close(): Promise<void>;
}

/** The URL without its query string, so a one-time password never reaches the terminal. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the given URL';
  }
}

/**
 * Connects a client to the command's target and authorizes it when a token is given. A
 * target that cannot be reached is one clear line, not a stack trace.
 */
export async function openTarget(
  values: TargetValues,
  env: NodeJS.ProcessEnv,
  clientOptions: DerivClientOptions = {},
  /** What the `--local` server is started with, beyond a free port. */
  localServer: ServerOptions = {},
): Promise<Target> {
  const requestTimeoutMs =
    values.timeout === undefined ? 30_000 : parseNumberOption('--timeout', values.timeout, { min: 0.001 }) * 1000;
  const token = values.token ?? env.DERIV_TOKEN;
  // On the new API --app-id is the app's Deriv-App-ID, beside any target, not a v3 endpoint's part.
  const endpointGiven = values.endpoint !== undefined || (values['app-id'] !== undefined && values.api !== 'options');
  if ([values.url !== undefined, values.local, endpointGiven].filter(Boolean).length > 1) {
    throw new UsageError('give one target: --url, --local, or --endpoint/--app-id');
  }

  if (values.db !== undefined && !values.local) throw new UsageError('--db goes with --local');
  const api = apiOf(values);
  const server = values.local
    ? await createServer({ ...localServer, port: 0, ...(values.db !== undefined ? { db: values.db } : {}) })
    : undefined;
  const url =
    server?.url ??
    values.url ??
    buildEndpointUrl({ endpoint: values.endpoint ?? DEFAULT_ENDPOINT, appId: values['app-id'] ?? TEST_APP_ID });
  let client: DerivClient;
  let label = describe(url);
  try {
    const common = { connectTimeoutMs: Math.min(requestTimeoutMs, 10_000), ...clientOptions, requestTimeoutMs };
    if (api === 'options') {
      const options = await optionsClientOptions(values, token, server);
      label = options.label;
      // The commands give v3 client options; the ones they use (timeouts, pinging, rateLimit: false) mean the same here.
      client = new OptionsClient({ ...common, ...options.client } as OptionsClientOptions) as unknown as DerivClient;
    } else client = new DerivClient({ ...common, url });
  } catch (error) {
    await server?.close();
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
  let lastError = '';
  client.on('error', (error) => (lastError = error.message));
  const stopProgress = reportProgress(client, label);
  const close = async () => {
    stopProgress();
    await client.close();
    await server?.close();
  };

  try {
    // The first connection must work: a target that is down now is an error, not a reason
    // to retry. Once connected, a drop is retried as usual.
    await new Promise<void>((resolve, reject) => {
      const off = client.on('state', (state) => {
        if (state.status === 'reconnecting' || state.status === 'closed') {
          off();
          reject(new Error(state.status));
        }
      });
      client.connect({ timeoutMs: requestTimeoutMs }).then(
        () => {
          off();
          resolve();
        },
        (error: unknown) => {
          off();
          reject(error);
        },
      );
    });
  } catch {
    await close();
    const why = lastError
      ? lastError.replace(/^connect /, '')
      : `closed with ${(client.state as { code?: number }).code ?? CloseCode.Abnormal}`;
    throw new UsageError(`cannot connect to ${label}: ${why}`, 1);
  }
  // The new API has no authorize: an account socket is its OTP's account from the start.
  const authorizeWith = api === 'options' ? undefined : (token ?? server?.demoToken);
  if (authorizeWith) {
    try {
      await client.authorize(authorizeWith);
    } catch (error) {
      await close();
      throw new UsageError(`authorization failed: ${describeError(error)}`, 1);
    }
  }
  return { client, api, label, close };
}

function apiOf(values: TargetValues): 'v3' | 'options' {
  const api = values.api ?? 'v3';
  if (api !== 'v3' && api !== 'options') throw new UsageError(`--api must be v3 or options, not "${api}"`);
  if (api === 'v3')
    for (const flag of ['account', 'rest'] as const)
      if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --api options`);
  if (api === 'v3' && values.public) throw new UsageError('--public goes with --api options');
  if (api === 'options' && values.endpoint !== undefined)
    throw new UsageError('--endpoint is v3 only: the new API takes --rest (and --url for the public socket)');
  return api;
}

/**
 * A new-API client's options from the flags: the public socket, or an account's, whose URL
 * comes from REST on every connect. Nothing here prints a token or a one-time URL.
 */
async function optionsClientOptions(
  values: TargetValues,
  token: string | undefined,
  server: { restUrl: string; demoToken: string | undefined } | undefined,
): Promise<{ client: OptionsClientOptions; label: string }> {
  // The local server's REST base names its prefix; the client wants the host.
  const restUrl = server ? new URL(server.restUrl).origin : values.rest;
  if (values.public) {
    if (values.account !== undefined) throw new UsageError('--public has no account: leave out --account');
    const url = values.url ?? (restUrl ? optionsSocketUrl(restUrl.replace(/^http/i, 'ws'), 'public') : undefined);
    const client: OptionsClientOptions = { api: 'options', public: true, ...(url ? { url } : {}) };
    return { client, label: describe(url ?? DEFAULT_PUBLIC_URL) };
  }
  if (values.url !== undefined)
    throw new UsageError('--url with --api options is for --public: an account socket gets its URL from REST');
  const pat = token ?? server?.demoToken;
  if (!pat) throw new UsageError('--api options needs --token (a personal access token), or --public');
  const appId = values['app-id'] ?? (server ? LOCAL_APP_ID : undefined);
  if (appId === undefined) throw new UsageError('--api options needs --app-id: the app id from developers.deriv.com');
  const rest = { ...(restUrl ? { restUrl } : {}), appId, token: pat };
  let accountId = values.account;
  if (accountId === undefined) {
    const accounts = await new OptionsRest(rest).accounts().catch((error: unknown) => {
      throw new UsageError(`cannot list the token's accounts: ${describeError(error)}`, 1);
    });
    const demo = accounts.filter((account) => account.account_type === 'demo');
    const chosen = accounts.length === 1 ? accounts[0] : server && demo.length === 1 ? demo[0] : undefined;
    if (!chosen)
      throw new UsageError(
        `give --account: the token has ${accounts.map((account) => account.account_id).join(', ') || 'no accounts'}`,
      );
    accountId = chosen.account_id;
  }
  return {
    client: { api: 'options', ...rest, accountId },
    label: `${describe(rest.restUrl ?? DEFAULT_REST_URL).replace(/\/$/, '')} account ${accountId}`,
  };
}
