import type { WindowTable } from '../limits/limit-store.js';
import type { RateLimitOptions } from '../limits/rate-limiter.js';
import type { TickPublished } from '../market/tick.js';
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

/** The options a worker gets from the primary, as JSON (no functions cross processes). */
export interface WorkerSettings {
  host: string;
  port: number;
  seed: number;
  idleTimeoutMs?: number;
  clockSpeed?: number;
  staticDir?: string;
  appIds?: string[];
  reportTicks: boolean;
  log: boolean;
  /** JSON has no Infinity: null means no cap. */
  maxConnectionsPerIp?: number | null;
  rateLimits?: false | RateLimitOptions;
  allowedOrigins?: string[];
}

export const WORKER_SETTINGS_ENV = 'DERIV_WS_WORKER_SETTINGS';
