import type { WindowTable } from '../limits/limit-store.js';
import type { TickPublished } from '../market/tick.js';
import type { MarketOptions } from '../market/market.js';
import type { StandIns, WireOptions } from '../serve-options.js';
import type { WireError } from '../store/error-wire.js';
import type { AccountEvent } from '../store/store.js';

/**
 * What the cluster's processes say to each other over IPC. The primary owns the store and
 * counts the limits; workers own connections and compute the market themselves from the
 * shared seed.
 */
export type WorkerMessage =
  | { kind: 'listening'; port: number; host: string }
  | { kind: 'store'; id: number; method: string; args: unknown[] }
  | { kind: 'limits'; id: number; op: 'count'; table: WindowTable; key: string; weight: number }
  | { kind: 'limits'; id: number; op: 'take-connection'; ip: string; max: number }
  | { kind: 'release-connection'; ip: string }
  | { kind: 'tick'; event: TickPublished }
  | { kind: 'stats'; id: number; stats: WorkerStats };

export type PrimaryMessage =
  | { kind: 'store-reply'; id: number; result?: unknown; error?: WireError }
  | { kind: 'limits-reply'; id: number; result: unknown }
  /** Committed in the primary's store: relayed to every worker, in commit order. */
  | { kind: 'account-event'; event: AccountEvent }
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
 * What a worker gets from the primary, as JSON (no functions cross processes): the server's
 * portable options (the option table's `json` rows), with the address and the market's seed
 * fixed by the primary so that every worker, replacements included, agrees; and the stand-ins
 * for the clock and the logger.
 */
export interface WorkerSettings extends Required<Pick<StandIns, 'log'>>, Pick<StandIns, 'clockSpeed'> {
  options: WireOptions & { host: string; port: number; market: Omit<MarketOptions, 'onTick'> & { seed: number } };
  /** Tell the primary of every published tick (`ClusterOptions.onTick`). */
  reportTicks: boolean;
}

export const WORKER_SETTINGS_ENV = 'DERIV_WS_WORKER_SETTINGS';
