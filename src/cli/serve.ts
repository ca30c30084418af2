import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hostForUrl } from '../protocol/url.js';
import { parseAccountsConfig, type AccountsConfig } from '../server/accounts/accounts-config.js';
import { acceleratedClock } from '../server/clock.js';
import { startCluster } from '../server/cluster/primary.js';
import { streamLogger } from '../server/logger.js';
import { createServer } from '../server/server.js';
import { DatabaseRefused } from '../server/store/errors.js';
import { UsageError } from './errors.js';
import { parseNumberOption } from './options.js';

/** Where `serve` keeps its data unless told: the working directory, so each project has its own. */
export const DEFAULT_DB = 'deriv-ws.sqlite';

export const serveHelp = `Usage: deriv-ws serve [--port N] [--host ADDRESS] [--seed SEED] [--speed X] [--workers N] [--max-restarts N] [--db PATH] [--accounts FILE] [--idle-timeout SECONDS] [--app-ids ID,ID] [--allowed-origins LIST] [--max-connections-per-ip N] [--quiet]

Runs the local v3 server until Ctrl-C. PORT in the environment sets the port too.
  --port N              port to listen on (default 8080; 0 picks a free one)
  --host ADDRESS        address to listen on (default 127.0.0.1)
  --db PATH             the SQLite file that keeps accounts, tokens and balances across restarts
                        (default deriv-ws.sqlite here; :memory: keeps nothing)
  --accounts FILE       accounts and tokens (JSON) to add to the database if it lacks them (a balance it
                        holds is kept); without it, a demo account is made once per database and its
                        token printed at every start
  --seed SEED           market seed (number or text): the same seed shows the same ticks (default random)
  --speed X             run the market clock X times faster than real time (default 1)
  --workers N           serve from N processes (node:cluster); accounts stay in one place (default 1)
  --max-restarts N      with --workers: dead workers replaced per minute, with backoff (default 10); when
                        every worker is dead and none may be replaced, serve exits 1 saying why
  --idle-timeout S      close connections silent for S seconds (default 120)
  --app-ids LIST        registered app ids; others get InvalidAppID on their first call
  --allowed-origins LIST
                        page origins allowed to connect (https://app.example.com,…); any other, and a
                        client that sends no Origin, gets HTTP 403 (default: any)
  --max-connections-per-ip N
                        open connections from one IP address, loopback included; more get HTTP 429
                        (default 1000 for other addresses, none for loopback: load tests from this
                        machine are welcome)
  --quiet               do not log connections to stderr`;

export async function serve(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'idle-timeout': { type: 'string' },
      seed: { type: 'string' },
      db: { type: 'string', default: DEFAULT_DB },
      accounts: { type: 'string' },
      speed: { type: 'string' },
      workers: { type: 'string' },
      'app-ids': { type: 'string' },
      'allowed-origins': { type: 'string' },
      'max-restarts': { type: 'string' },
      'max-connections-per-ip': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = parseNumberOption('--port', values.port ?? env.PORT ?? '8080', { min: 0, max: 65535, integer: true });
  const idleSeconds = values['idle-timeout'] === undefined ? 120 : parseNumberOption('--idle-timeout', values['idle-timeout'], { min: 0 });
  const speed = values.speed === undefined ? 1 : parseNumberOption('--speed', values.speed, { min: 0.001, max: 10_000 });
  const workers = values.workers === undefined ? 1 : parseNumberOption('--workers', values.workers, { min: 1, max: 64, integer: true });
  const appIds = commaList(values['app-ids']);
  const allowedOrigins = commaList(values['allowed-origins']);
  if (allowedOrigins?.length === 0) throw new UsageError('--allowed-origins needs at least one origin');
  const perIp = values['max-connections-per-ip'];
  const maxConnectionsPerIp = perIp === undefined ? undefined : parseNumberOption('--max-connections-per-ip', perIp, { min: 1, max: 1_000_000, integer: true });
  const maxRestarts = values['max-restarts'] === undefined ? undefined : parseNumberOption('--max-restarts', values['max-restarts'], { min: 0, max: 10_000, integer: true });

  const accounts = values.accounts === undefined ? undefined : readAccountsFile(values.accounts);
  const seed = values.seed === undefined ? undefined : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  // The demo page, built next to the CLI (dist/demo).
  const staticDir = fileURLToPath(new URL('../demo/', import.meta.url));
  let server: { url: string; host: string; port: number; seed: number; demoToken: string | undefined; failed?: Promise<Error>; close(): Promise<void> };
  try {
    server =
      workers > 1
        ? await startCluster({
            workers,
            db: values.db,
            host: values.host,
            port,
            idleTimeoutMs: idleSeconds * 1000,
            staticDir,
            log: !values.quiet,
            ...(appIds ? { appIds } : {}),
            ...(allowedOrigins ? { allowedOrigins } : {}),
            ...(maxRestarts !== undefined ? { maxRestartsPerMinute: maxRestarts } : {}),
            ...(maxConnectionsPerIp !== undefined ? { maxConnectionsPerIp } : {}),
            ...(accounts ? { accounts } : {}),
            ...(seed !== undefined ? { seed } : {}),
            ...(speed !== 1 ? { clockSpeed: speed } : {}),
          })
        : await createServer({
            db: values.db,
            host: values.host,
            port,
            idleTimeoutMs: idleSeconds * 1000,
            staticDir,
            ...(appIds ? { appIds } : {}),
            ...(allowedOrigins ? { allowedOrigins } : {}),
            ...(maxConnectionsPerIp !== undefined ? { maxConnectionsPerIp } : {}),
            ...(accounts ? { accounts } : {}),
            ...(seed !== undefined ? { market: { seed } } : {}),
            ...(speed !== 1 ? { clock: acceleratedClock(speed) } : {}),
            logger: values.quiet ? undefined : streamLogger((line) => process.stderr.write(line)),
          });
  } catch (error) {
    if (error instanceof DatabaseRefused) throw new UsageError(`--db ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the address is already in use' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot listen on ${values.host}:${port}: ${why}`, 1);
  }
  // Listen for the signals before announcing the URL: whoever reads the line may stop us at once.
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(`listening on ${server.url}\n`);
  process.stdout.write(`demo page on http://${hostForUrl(server.host)}:${server.port}/\n`);
  // The one place a token is ever printed: once, on stdout, so a new user can authorize.
  if (server.demoToken) process.stdout.write(`demo token ${server.demoToken} (virtual USD account with 10000; every scope)\n`);
  if (!values.quiet) process.stderr.write(`market seed ${server.seed} (pass --seed ${server.seed} to see the same ticks again)\n`);
  // A cluster whose workers all died, with none allowed to replace them, serves nothing: say so
  // and exit non-zero, so that whatever runs us can tell (and restart us).
  const failure = await Promise.race([stopped.then(() => undefined), server.failed ?? new Promise<never>(() => {})]);
  if (failure) {
    stop();
    throw new UsageError(`cannot serve: ${failure.message}`, 1);
  }
  await server.close();
  return 0;
}

/** `a, b,,c` → `['a', 'b', 'c']`; undefined when the option is not given. */
function commaList(value: string | undefined): string[] | undefined {
  return value?.split(',').map((item) => item.trim()).filter(Boolean);
}

function readAccountsFile(path: string): AccountsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --accounts ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--accounts ${path} is not valid JSON`);
  }
  try {
    return parseAccountsConfig(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
