import { acceleratedClock } from './clock.js';
import type { ClusterOptions } from './cluster/primary.js';
import { streamLogger } from './logger.js';
import type { MarketOptions } from './market/market.js';
import { OPTION_TABLE } from './option-table.js';
import type { ServerOptions } from './server-options.js';

type Table = typeof OPTION_TABLE;

/** The options a cluster sends to each worker as JSON: the option table's `json` rows. */
export type PortableOptionKey = { [K in keyof Table]: Table[K]['cluster'] extends 'json' ? K : never }[keyof Table];

/** JSON stand-ins for the options JSON cannot carry (the table's `stand-in` rows). */
export interface StandIns {
  /** For `clock`: run the market clock this many times faster (`acceleratedClock`). Default 1, the system clock. */
  clockSpeed?: number;
  /** For `logger`: log connections and failures to stderr. Default: nowhere. */
  log?: boolean;
}

/**
 * The server's options as plain data: what `serve`'s flags make, and what a cluster takes
 * (`ClusterOptions`) and carries to its workers. `db` and `accounts` stay with the primary.
 */
export type ServeOptions = Omit<Pick<ServerOptions, PortableOptionKey | 'db' | 'redis' | 'accounts'>, 'market'> & {
  /** The market (see `ServerOptions.market`), without `onTick`: a cluster has its own. */
  market?: Omit<MarketOptions, 'onTick'>;
} & StandIns;

/** The cluster's own options: each has a row in `CLUSTER_OPTION_TABLE`. */
export type ClusterOnlyKey = Exclude<keyof ClusterOptions, keyof ServeOptions>;

/** An option as JSON carries it: an Iterable as an array, a number (Infinity perhaps) as a number or null. */
type OnTheWire<T> = T extends number ? number | null : T extends string ? T : T extends Iterable<infer I> ? I[] : T;

/** The portable options as they cross to a worker. */
export type WireOptions = {
  [K in PortableOptionKey]?: K extends 'market'
    ? Omit<MarketOptions, 'onTick'>
    : OnTheWire<Exclude<ServerOptions[K], undefined>>;
};

const PORTABLE_KEYS = (Object.keys(OPTION_TABLE) as Array<keyof Table>).filter(
  (key): key is PortableOptionKey => OPTION_TABLE[key].cluster === 'json',
);

/** The portable options, ready for JSON: Iterables become arrays and Infinity null (JSON has neither); anything else is left out. */
export function toWire(options: ServeOptions): WireOptions {
  const wire: Record<string, unknown> = {};
  for (const key of PORTABLE_KEYS) {
    const value: unknown = options[key];
    if (value === undefined) continue;
    if (typeof value === 'number') wire[key] = Number.isFinite(value) ? value : null;
    else if (typeof value === 'object' && value !== null && Symbol.iterator in value)
      wire[key] = [...(value as Iterable<unknown>)];
    else wire[key] = value;
  }
  return wire as WireOptions;
}

/** A worker's options from the wire: null is Infinity again (no option takes null). */
export function fromWire(wire: WireOptions): ServerOptions {
  return Object.fromEntries(
    Object.entries(wire).map(([key, value]) => [key, value === null ? Infinity : value]),
  ) as ServerOptions;
}

/** The options the stand-ins stand for; `logLine` writes one line (stderr, with a prefix in a worker). */
export function fromStandIns(
  standIns: StandIns,
  logLine: (line: string) => void,
): Pick<ServerOptions, 'clock' | 'logger'> {
  return {
    // Always one that can resume: a database that ran at --speed keeps its market timeline.
    clock: acceleratedClock(standIns.clockSpeed ?? 1),
    ...(standIns.log ? { logger: streamLogger(logLine) } : {}),
  };
}

/** `createServer`'s options from serve's: the stand-ins rebuilt, the rest as they are. */
export function serverOptionsFrom(options: ServeOptions, logLine: (line: string) => void): ServerOptions {
  const { clockSpeed, log, ...rest } = options;
  return { ...rest, ...fromStandIns({ clockSpeed, log }, logLine) };
}
