import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OPTIONS_PREFIX } from '../protocol/options-api.js';
import { hostForUrl } from '../protocol/url.js';
import { isProcessPrivate } from '../server/cluster/cluster-database.js';
import { startCluster } from '../server/cluster/primary.js';
import { OPTION_DEFAULTS } from '../server/option-table.js';
import { serverOptionsFrom } from '../server/serve-options.js';
import { createServer } from '../server/server.js';
import { DatabaseRefused, StoreUnavailable } from '../server/store/errors.js';
import { storeName } from '../server/store/server-store.js';
import { UsageError } from './errors.js';
import { parseArgsOptions, readServeFlags, serveHelpText } from './serve-flags.js';

/** Every flag and its default, from the option table (src/server/option-table.ts). */
export const serveHelp = serveHelpText();

export async function serve(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({ args: argv, options: parseArgsOptions(), strict: true, allowPositionals: false });
  const { options, cluster } = readServeFlags(values, {
    port: env.PORT,
    // The demo page, built next to the CLI (dist/demo).
    'static-dir': fileURLToPath(new URL('../demo/', import.meta.url)),
  });
  const host = options.host ?? OPTION_DEFAULTS.host;
  // Each worker opens the database itself: on one that lives in a process, each would have its own.
  if (cluster.workers > 1 && options.redis === undefined && options.db !== undefined && isProcessPrivate(options.db))
    throw new UsageError(
      `--db ${options.db} cannot be used with --workers: each worker would have a database of its own (give a file, or --redis)`,
    );
  let server: {
    url: string;
    host: string;
    port: number;
    seed: number;
    demoToken: string | undefined;
    failed?: Promise<Error>;
    close(): Promise<void>;
  };
  try {
    server =
      cluster.workers > 1
        ? await startCluster({ ...options, ...cluster })
        : await createServer(serverOptionsFrom(options, (line) => process.stderr.write(line)));
  } catch (error) {
    if (error instanceof DatabaseRefused)
      throw new UsageError(`${options.redis ? '--redis' : '--db'} ${error.message}`);
    // Mirrors a refused --db: one line, exit 2. The URL is printed without its password.
    if (error instanceof StoreUnavailable && options.redis !== undefined)
      throw new UsageError(`--redis ${storeName(options)} cannot be reached: ${summary(error.cause)}`);
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? 'the address is already in use'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
    throw new UsageError(`cannot listen on ${host}:${options.port}: ${why}`, 1);
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
  // The new API's REST base, beside the sockets: its calls carry their own token, so none is printed here.
  process.stdout.write(`REST: http://${hostForUrl(server.host)}:${server.port}${OPTIONS_PREFIX}\n`);
  // The one place a token is ever printed: once, on stdout, so a new user can authorize.
  if (server.demoToken)
    process.stdout.write(`demo token ${server.demoToken} (virtual USD account with 10000; every scope)\n`);
  if (options.log)
    process.stderr.write(
      `market seed ${server.seed} (kept in the database, so a restart shows the same market; --seed ${server.seed} shows it on another)\n`,
    );
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

function summary(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
