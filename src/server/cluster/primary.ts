import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { localServerUrl } from '../../protocol/url.js';
import { balanceControls, type BalanceControls } from '../accounts/balance-controls.js';
import { acceleratedClock } from '../clock.js';
import { windowOptions } from '../limits/rate-limiter.js';
import type { TickPublished } from '../market/tick.js';
import { storedMarketSeed } from '../calls/market/stored-seed.js';
import { silentLogger, streamLogger } from '../logger.js';
import { CLUSTER_DEFAULTS, OPTION_DEFAULTS } from '../option-table.js';
import { toWire, type ServeOptions } from '../serve-options.js';
import { redisTarget } from '../server-options.js';
import { ClusterLimits } from './cluster-limits.js';
import { clusterDatabase, type ClusterDatabase } from './cluster-database.js';
import { openServerStore, type ServerStore } from '../store/server-store.js';
import type { Store } from '../store/store.js';
import { RestartBudget } from './restart-budget.js';
import {
  WORKER_SETTINGS_ENV,
  type PrimaryMessage,
  type WorkerMessage,
  type WorkerSettings,
  type WorkerStats,
  type WorkerStore,
} from './messages.js';

/**
 * The server's options as plain data (`ServeOptions`: every `createServer` option JSON can carry,
 * `db` or `redis`, `accounts`, and stand-ins for the clock and the logger), which reach every
 * worker, and the cluster's own (rows of `CLUSTER_OPTION_TABLE`). Each worker opens the store
 * itself: `store` and `limitStore` are the cluster's to set.
 *
 * Without `redis`, the workers share the SQLite file `db` (a temporary one when none is given,
 * removed on close; `:memory:` is refused), and the primary counts their limits and passes each
 * one's committed events to the others. With `redis`, each worker is a node of the fleet.
 */
export interface ClusterOptions extends ServeOptions {
  /** Worker processes. Each holds its own connections; the kernel-level accept is round-robin. */
  workers: number;
  /** Forward every worker's published ticks here (benchmarks). */
  onTick?: (event: TickPublished & { pid: number }) => void;
  /** A dead worker is replaced after this, doubled for each restart in the last minute. Default 100 ms. */
  restartDelayMs?: number;
  /** The longest wait before a replacement. Default 5 000 ms. */
  maxRestartDelayMs?: number;
  /**
   * Replacements in any one minute. Past it a dead worker is replaced only once the minute
   * allows, while the others serve on; if none is left, the cluster gives up (`failed`).
   * Default 10; 0 never replaces one.
   */
  maxRestartsPerMinute?: number;
}

export interface ClusterServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  /**
   * The primary's own connection to the store every worker uses (the SQLite file, or the Redis):
   * what is changed through it reaches every worker's streams. On SQLite its listeners hear only
   * what was committed through it.
   */
  readonly store: Store;
  /** Balances in currency units, for tests (see `LocalServer.accounts`). */
  readonly accounts: BalanceControls;
  readonly demoToken: string | undefined;
  /** The workers it keeps running (dead ones are replaced). */
  readonly workerCount: number;
  /**
   * Settles, with the reason, if the cluster gives up: every worker has died and the restart
   * budget is spent, so nothing serves. It stays pending while the cluster serves.
   */
  readonly failed: Promise<Error>;
  /** Every worker's figures, fresh. */
  stats(): Promise<WorkerStats[]>;
  /** Stops every worker (their clients see 1001) and resolves once they have exited. */
  close(): Promise<void>;
}

/** A `stats()` call: the workers yet to answer, and what the others answered. */
interface StatsRequest {
  readonly pending: Set<Worker>;
  readonly results: WorkerStats[];
  readonly resolve: (stats: WorkerStats[]) => void;
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
 * Each worker is a complete node with its own connection to the store. The primary accepts,
 * seeds the store and fixes the market's seed; on SQLite it also counts the limits and passes
 * on each worker's committed events (docs/store.md), which Redis does for a fleet itself.
 */
export async function startCluster(options: ClusterOptions): Promise<ClusterServer> {
  if (!cluster.isPrimary) throw new Error('startCluster() runs in the primary process');
  if (!Number.isInteger(options.workers) || options.workers < 1)
    throw new RangeError('workers must be a whole number, 1 or more');
  // Before anything is opened: a refused db leaves nothing behind.
  const { where, file } = workerStore(options);
  let opened: ServerStore;
  try {
    // Seeded here, once, before any worker starts. (On Redis each worker seeds too, as any node
    // does, and finds it done.)
    opened = await openServerStore(
      { ...where, accounts: options.accounts },
      // The store's timeline, as the workers' clocks will resume it: the rows' times agree with theirs.
      acceleratedClock(options.clockSpeed ?? 1),
    );
  } catch (error) {
    file?.remove();
    throw error;
  }
  const { store, demoToken } = opened;
  const releaseStore = async () => {
    await opened.release();
    file?.remove();
  };
  let seed: number;
  try {
    seed = await storedMarketSeed(store, options.market?.seed, where);
  } catch (error) {
    await releaseStore();
    throw error;
  }
  const listenHost = options.host ?? OPTION_DEFAULTS.host;
  const settings: WorkerSettings = {
    options: {
      ...toWire(options),
      host: listenHost,
      // Every worker, replacements included, names the same port: workers share a listening
      // socket per (address, port) asked for, and the primary closes it when the last one dies,
      // so port 0 would pick a new port for the next.
      port: options.port ? options.port : await freePort(listenHost),
      market: { ...options.market, seed },
    },
    store: where,
    reportTicks: options.onTick !== undefined,
    log: options.log ?? false,
    ...(options.clockSpeed !== undefined ? { clockSpeed: options.clockSpeed } : {}),
  };
  const budget = new RestartBudget({
    restartDelayMs: options.restartDelayMs ?? CLUSTER_DEFAULTS.restartDelayMs,
    maxRestartDelayMs: options.maxRestartDelayMs ?? CLUSTER_DEFAULTS.maxRestartDelayMs,
    maxRestartsPerMinute: options.maxRestartsPerMinute ?? CLUSTER_DEFAULTS.maxRestartsPerMinute,
  });
  const log = options.log
    ? streamLogger((line) => process.stderr.write(`[primary ${process.pid}] ${line}`))
    : silentLogger;

  const entry = workerEntry();
  cluster.setupPrimary({ exec: entry.exec, execArgv: entry.execArgv, silent: false });
  /** The workers alive now, starting ones included. */
  const workers: Worker[] = [];
  /** Those that have said they listen: the only ones that hear messages. */
  const listened = new WeakSet<Worker>();
  const restartTimers = new Set<ReturnType<typeof setTimeout>>();
  /** Replacements granted and waiting out their backoff: they will serve soon. */
  let restartsDue = 0;
  let state: 'starting' | 'serving' | 'closing' | 'failed' = 'starting';
  let giveUp!: (reason: Error) => void;
  const failed = new Promise<Error>((resolve) => (giveUp = resolve));
  let nextStatsId = 1;
  const statsWaiting = new Map<number, StatsRequest>();
  // On Redis, each worker counts its limits there and hears the fleet's commits from it.
  const limits = file && new ClusterLimits(windowOptions(options.rateLimits || {}));
  // SQLite tells no other connection what one committed: what the primary commits (a test's
  // balance change) goes to every worker, and what a worker commits to the others (onMessage).
  const stopRelay = file
    ? store.onAccountEvent((event) => {
        for (const worker of workers) send(worker, { kind: 'account-events', events: [event] });
      })
    : () => {};

  /** Starts a worker; resolves once it listens, rejects if it exits first. */
  function forkWorker(): { worker: Worker; listening: Promise<{ port: number; host: string }> } {
    const worker = cluster.fork({ [WORKER_SETTINGS_ENV]: JSON.stringify(settings) });
    workers.push(worker);
    worker.on('message', (message: WorkerMessage) => onMessage(worker, message));
    worker.on('exit', (code: number | null, signal: string | null) => {
      workers.splice(workers.indexOf(worker), 1);
      limits?.workerGone(worker.id);
      for (const [id, waiting] of statsWaiting) answered(id, waiting, worker);
      if (state === 'serving') replace(signal ? `was killed by ${signal}` : `exited with code ${code}`);
    });
    // A message to a worker that has just died fails with EPIPE; unheard, that error
    // would crash the primary. Its 'exit' does the bookkeeping.
    worker.on('error', () => {});
    const listening = whenListening(worker);
    listening.then(
      () => listened.add(worker),
      () => {},
    );
    return { worker, listening };
  }

  /** A worker died while the cluster serves: start another after the backoff, if the minute's budget allows. */
  function replace(how: string): void {
    const wait = budget.grant();
    if (wait === undefined) {
      if (workers.length === 0 && restartsDue === 0) {
        fail(how);
        return;
      }
      log.warn(
        `a worker ${how}; ${budget.recent} restarts in the last minute is the most allowed, so ${workers.length} serve on until it allows one more`,
      );
      const retry = budget.untilNextGrant();
      if (Number.isFinite(retry)) later(retry, () => replace(how));
      return;
    }
    restartsDue++;
    log.warn(`a worker ${how}; a replacement starts in ${wait} ms`);
    later(wait, () => {
      restartsDue--;
      const { worker, listening } = forkWorker();
      listening.then(
        () => log.info(`worker ${worker.process.pid} replaced it`),
        () => {},
      );
    });
  }

  function fail(how: string): void {
    state = 'failed';
    stopRelay();
    void releaseStore();
    giveUp(
      new Error(
        `every worker has died, the last one ${how}, and the restart budget is spent (${budget.recent} in the last minute)`,
      ),
    );
  }

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      run();
    }, ms);
    restartTimers.add(timer);
  }

  let listening: Array<{ port: number; host: string }>;
  try {
    listening = await Promise.all(Array.from({ length: options.workers }, () => forkWorker().listening));
  } catch (error) {
    // The workers that did start would otherwise serve on, with nobody to stop them.
    stopRelay();
    await Promise.all(workers.map(killWorker));
    await releaseStore();
    throw error;
  }
  const { port, host } = listening[0]!;
  state = 'serving';

  function onMessage(worker: Worker, message: WorkerMessage): void {
    if (message.kind === 'account-events') {
      // In the order that worker committed them: its channel, and each other's, keeps order.
      for (const other of workers) if (other !== worker) send(other, message);
    } else if (limits && ClusterLimits.handles(message)) {
      limits.receive(worker.id, message, (reply) => send(worker, reply));
    } else if (message.kind === 'tick') {
      options.onTick?.({ ...message.event, pid: worker.process.pid ?? 0 });
    } else if (message.kind === 'stats') {
      const waiting = statsWaiting.get(message.id);
      if (!waiting?.pending.has(worker)) return;
      waiting.results.push(message.stats);
      answered(message.id, waiting, worker);
    }
  }

  /** A worker answered a stats request, or died and never will. */
  function answered(id: number, waiting: StatsRequest, worker: Worker): void {
    waiting.pending.delete(worker);
    if (waiting.pending.size > 0) return;
    statsWaiting.delete(id);
    waiting.resolve(waiting.results);
  }

  return {
    url: localServerUrl(host, port),
    host,
    port,
    seed,
    store,
    accounts: balanceControls(store),
    demoToken,
    workerCount: options.workers,
    failed,
    stats: () =>
      new Promise((resolve) => {
        // A dead worker would never answer, nor would one still starting; one that dies while
        // asked is let off on its 'exit'.
        const live = workers.filter((worker) => listened.has(worker) && worker.isConnected());
        if (live.length === 0) return resolve([]);
        const id = nextStatsId++;
        statsWaiting.set(id, { pending: new Set(live), results: [], resolve });
        for (const worker of live) send(worker, { kind: 'stats-request', id });
      }),
    close: async () => {
      if (state === 'failed' || state === 'closing') return;
      state = 'closing';
      for (const timer of restartTimers) clearTimeout(timer);
      stopRelay();
      await Promise.all(
        workers.map((worker) => {
          // One still starting does not hear messages yet.
          if (!listened.has(worker)) return killWorker(worker);
          return new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            send(worker, { kind: 'shutdown' });
          });
        }),
      );
      await releaseStore();
    },
  };
}

/** The store every worker opens: the fleet's Redis, or the SQLite file they share (the cluster's own, when none is given). */
function workerStore(options: ClusterOptions): { where: WorkerStore; file?: ClusterDatabase } {
  if (options.redis !== undefined)
    return {
      where: { redis: redisTarget(options.redis), ...(options.accounts ? { accounts: options.accounts } : {}) },
    };
  const file = clusterDatabase(options.db);
  return { where: { db: file.path }, file };
}

/** A port free on `host` now. */
function freePort(host: string): Promise<number> {
  const probe = createNetServer();
  return new Promise((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Settles once the worker listens; rejects if it exits first. Its listeners go either way. */
function whenListening(worker: Worker): Promise<{ port: number; host: string }> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.kind !== 'listening') return;
      stop();
      resolve({ port: message.port, host: message.host });
    };
    const onExit = (code: number) => {
      stop();
      reject(new Error(`a cluster worker exited (${code}) before it listened`));
    };
    const stop = () => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
  });
}

/** Workers ignore SIGTERM (the primary stops them, by message), so SIGKILL it is. */
function killWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    worker.once('exit', () => resolve());
    worker.process.kill('SIGKILL');
  });
}

function send(worker: Worker, message: PrimaryMessage): void {
  if (worker.isConnected()) worker.send(message);
}
