import { DerivClient, type DerivClientOptions } from '../client/node.js';
import { CloseCode } from '../protocol/close-codes.js';
import { DEFAULT_ENDPOINT, TEST_APP_ID, buildEndpointUrl } from '../protocol/url.js';
import { createServer } from '../server/server.js';
import type { ServerOptions } from '../server/server-options.js';
import { UsageError } from './errors.js';
import { parseNumberOption } from './options.js';
import { reportProgress } from './progress.js';
import { describeError } from './output.js';

/** The options every client command takes. */
export const targetOptions = {
  url: { type: 'string' },
  endpoint: { type: 'string' },
  'app-id': { type: 'string' },
  local: { type: 'boolean', default: false },
  db: { type: 'string' },
  token: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const targetHelp = `Target (one of):
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
  if (
    [values.url !== undefined, values.local, values.endpoint !== undefined || values['app-id'] !== undefined].filter(
      Boolean,
    ).length > 1
  ) {
    throw new UsageError('give one target: --url, --local, or --endpoint/--app-id');
  }

  if (values.db !== undefined && !values.local) throw new UsageError('--db goes with --local');
  const server = values.local
    ? await createServer({ ...localServer, port: 0, ...(values.db !== undefined ? { db: values.db } : {}) })
    : undefined;
  const url =
    server?.url ??
    values.url ??
    buildEndpointUrl({ endpoint: values.endpoint ?? DEFAULT_ENDPOINT, appId: values['app-id'] ?? TEST_APP_ID });
  let client: DerivClient;
  try {
    client = new DerivClient({
      connectTimeoutMs: Math.min(requestTimeoutMs, 10_000),
      ...clientOptions,
      url,
      requestTimeoutMs,
    });
  } catch (error) {
    await server?.close();
    throw new UsageError((error as Error).message);
  }
  const label = describe(url);
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
  const authorizeWith = token ?? server?.demoToken;
  if (authorizeWith) {
    try {
      await client.authorize(authorizeWith);
    } catch (error) {
      await close();
      throw new UsageError(`authorization failed: ${describeError(error)}`, 1);
    }
  }
  return { client, label, close };
}
