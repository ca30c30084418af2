import type { WindowTable } from '../limits/limit-store.js';
import type { TickPublished } from '../market/tick.js';
import type { MarketOptions } from '../market/market.js';
import type { AccountsConfig } from '../accounts/accounts-config.js';
import type { RedisOption } from '../server-options.js';
import type { StandIns, WireOptions } from '../serve-options.js';
import type { AccountEvent } from '../store/store.js';

/**
 * What the cluster's processes say to each other over IPC. Workers own connections, open the
 * store themselves and compute the market from the shared seed. On SQLite the primary counts
 * the limits and passes each worker's committed events to the others; on Redis it says nothing
 * of either, since Redis does both.
 */
export type WorkerMessage =
  | { kind: 'listening'; port: number; host: string }
  /** One commit of this worker's, on the SQLite file they share: for the other workers' listeners. */
  | { kind: 'account-events'; events: readonly AccountEvent[] }
  | { kind: 'limits'; id: number; op: 'count'; table: WindowTable; key: string; weight: number }
  | { kind: 'limits'; id: number; op: 'take-connection'; ip: string; max: number }
  | { kind: 'release-connection'; ip: string }
  | { kind: 'tick'; event: TickPublished }
  | { kind: 'stats'; id: number; stats: WorkerStats };

export type PrimaryMessage =
  | { kind: 'limits-reply'; id: number; result: unknown }
  /** Committed to the SQLite file by another worker, or by the primary: in that one's commit order. */
  | { kind: 'account-events'; events: readonly AccountEvent[] }
  | { kind: 'stats-request'; id: number }
  | { kind: 'shutdown' };

/** One worker's figures, for monitoring and the benchmarks. */
export interface WorkerStats {
  pid: number;
  connections: number;
  subscriptions: number;
  /** process.cpuUsage() in microseconds. */
  cpuUser: number;
  cpuSystem: number;
  rss: number;
  heapUsed: number;
}

/**
 * The store a worker opens: the cluster's SQLite file (seeded by the primary), or the fleet's
 * Redis, as a node of the fleet (seeded from `accounts` as any node is, once for them all).
 */
export type WorkerStore = { db: string } | { redis: RedisOption; accounts?: AccountsConfig };

/**
 * What a worker gets from the primary, as JSON (no functions cross processes): the server's
 * portable options (the option table's `json` rows), with the address and the market's seed
 * fixed by the primary so that every worker, replacements included, agrees; the store to open;
 * and the stand-ins for the clock and the logger.
 */
export interface WorkerSettings extends Required<Pick<StandIns, 'log'>>, Pick<StandIns, 'clockSpeed'> {
  options: WireOptions & { host: string; port: number; market: Omit<MarketOptions, 'onTick'> & { seed: number } };
  store: WorkerStore;
  /** Tell the primary of every published tick (`ClusterOptions.onTick`). */
  reportTicks: boolean;
}

export const WORKER_SETTINGS_ENV = 'DERIV_WS_WORKER_SETTINGS';
