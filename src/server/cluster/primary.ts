import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TEST_APP_ID, WEBSOCKET_PATH } from '../../protocol/url.js';
import type { AccountStore } from '../accounts/account-store.js';
import { parseAccountsConfig, type AccountsConfig } from '../accounts/accounts-config.js';
import { MemoryAccountStore } from '../accounts/memory-store.js';
import type { TickPublished } from '../market/feed.js';
import { randomSeed, seedFrom } from '../market/random.js';
import { STORE_METHODS } from './ipc-account-store.js';
import { WORKER_SETTINGS_ENV, type PrimaryMessage, type WorkerMessage, type WorkerSettings, type WorkerStats } from './messages.js';

export interface ClusterOptions {
  /** Worker processes. Each holds its own connections; the kernel-level accept is round-robin. */
  workers: number;
  host?: string;
  port?: number;
  /** Every worker computes the same market from it. Default: random. */
  seed?: number | string;
  idleTimeoutMs?: number;
  /** Run the market clock this many times faster (tests, demos). */
  clockSpeed?: number;
  staticDir?: string;
  appIds?: Iterable<string | number>;
  /** Held by the primary; workers reach it over IPC. Default: the demo account. */
  accounts?: AccountsConfig;
  /** Forward every worker's published ticks here (benchmarks). */
  onTick?: (event: TickPublished & { pid: number }) => void;
  /** Workers log connections to stderr. */
  log?: boolean;
  /** Per worker: connections from one IP (default 1 000). */
  maxConnectionsPerIp?: number;
  /** Per worker (connections live in one worker): rate limits, or false. */
  rateLimits?: false | { per?: 'client' | 'connection'; minuteMs?: number; hourMs?: number };
}

export interface ClusterServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly accounts: AccountStore;
  readonly demoToken: string | undefined;
  readonly workerCount: number;
  /** Every worker's figures, fresh. */
  stats(): Promise<WorkerStats[]>;
  /** Stops every worker (their clients see 1001) and resolves once they have exited. */
  close(): Promise<void>;
}

/** The worker script: compiled JavaScript beside this file, or TypeScript run through tsx in tests. */
function workerEntry(): { exec: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return { exec: here.replace(/primary\.ts$/, 'worker.ts'), execArgv: ['--import', 'tsx'] };
  const exec = here.replace(/primary\.js$/, 'worker.js');
  if (!existsSync(exec)) throw new Error(`cluster worker script missing: ${exec}`);
  return { exec, execArgv: [] };
}

/**
 * Starts the server on several processes with `node:cluster` (round-robin accept, Node's
 * default on Linux; Node 20 has no `reusePort`, and worker threads cannot take sockets).
 * The primary only accepts, holds the accounts and relays balance changes; each worker is a
 * complete node.
 */
export async function startCluster(options: ClusterOptions): Promise<ClusterServer> {
  if (!cluster.isPrimary) throw new Error('startCluster() runs in the primary process');
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError('workers must be a whole number, 1 or more');
  const seed = options.seed === undefined ? randomSeed() : seedFrom(options.seed);
  const demo = options.accounts ? undefined : MemoryAccountStore.withDemoAccount();
  const accounts = demo?.store ?? new MemoryAccountStore(parseAccountsConfig(options.accounts));
  const settings: WorkerSettings = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    seed,
    reportTicks: options.onTick !== undefined,
    log: options.log ?? false,
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    ...(options.clockSpeed !== undefined ? { clockSpeed: options.clockSpeed } : {}),
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    ...(options.appIds ? { appIds: [...options.appIds].map(String) } : {}),
    ...(options.maxConnectionsPerIp !== undefined ? { maxConnectionsPerIp: Number.isFinite(options.maxConnectionsPerIp) ? options.maxConnectionsPerIp : null } : {}),
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
  };

  const entry = workerEntry();
  cluster.setupPrimary({ exec: entry.exec, execArgv: entry.execArgv, silent: false });
  const workers: Worker[] = [];
  let nextStatsId = 1;
  const statsWaiting = new Map<number, { expected: number; results: WorkerStats[]; resolve: (stats: WorkerStats[]) => void }>();
  const stopRelay = accounts.onBalanceChange((loginid, balance) => {
    for (const worker of workers) send(worker, { kind: 'balance', loginid, balance });
  });

  const listening = await Promise.all(
    Array.from({ length: options.workers }, () => {
      const worker = cluster.fork({ [WORKER_SETTINGS_ENV]: JSON.stringify(settings) });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => void onMessage(worker, message));
      return new Promise<{ port: number; host: string }>((resolve, reject) => {
        worker.once('exit', (code) => reject(new Error(`a cluster worker exited (${code}) before it listened`)));
        worker.on('message', (message: WorkerMessage) => {
          if (message.kind === 'listening') resolve({ port: message.port, host: message.host });
        });
      });
    }),
  );
  const { port, host } = listening[0]!;

  async function onMessage(worker: Worker, message: WorkerMessage): Promise<void> {
    if (message.kind === 'store') {
      if (!STORE_METHODS.has(message.method)) return send(worker, { kind: 'store-reply', id: message.id, error: 'unknown method' });
      try {
        const method = accounts[message.method as keyof AccountStore] as (...args: unknown[]) => Promise<unknown>;
        send(worker, { kind: 'store-reply', id: message.id, result: await method.apply(accounts, message.args) });
      } catch (error) {
        send(worker, { kind: 'store-reply', id: message.id, error: (error as Error).message });
      }
    } else if (message.kind === 'tick') {
      options.onTick?.({ ...message.event, pid: worker.process.pid ?? 0 });
    } else if (message.kind === 'stats') {
      const waiting = statsWaiting.get(message.id);
      if (!waiting) return;
      waiting.results.push(message.stats);
      if (waiting.results.length === waiting.expected) {
        statsWaiting.delete(message.id);
        waiting.resolve(waiting.results);
      }
    }
  }

  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `ws://${hostForUrl}:${port}${WEBSOCKET_PATH}?app_id=${TEST_APP_ID}`,
    host,
    port,
    seed,
    accounts,
    demoToken: demo?.token,
    workerCount: workers.length,
    stats: () =>
      new Promise((resolve) => {
        const id = nextStatsId++;
        statsWaiting.set(id, { expected: workers.length, results: [], resolve });
        for (const worker of workers) send(worker, { kind: 'stats-request', id });
      }),
    close: async () => {
      stopRelay();
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              send(worker, { kind: 'shutdown' });
            }),
        ),
      );
    },
  };
}

function send(worker: Worker, message: PrimaryMessage): void {
  if (worker.isConnected()) worker.send(message);
}
