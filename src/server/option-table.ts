import { IDLE_TIMEOUT_MS, MAX_INBOUND_BYTES, MAX_RESPONSE_BYTES } from '../protocol/limits.js';
import { systemClock } from './clock.js';
import { DEFAULT_RESTART_POLICY } from './cluster/restart-budget.js';
import { silentLogger } from './logger.js';
import { MIN_RESPONSE_BYTES } from './reply-text.js';
import type { ServerOptions } from './server-options.js';
import type { ClusterOnlyKey, StandIns } from './serve-options.js';

/**
 * The option table: every `createServer` option (and every cluster-only one) in one row, with
 * what `createServer` uses when it is not given, the `deriv-ws serve` flags that set it, and
 * how it reaches each worker of a cluster. `createServer` reads its defaults here; `serve`
 * derives its flags, its `--help` and the options it builds from it; the cluster sends each
 * worker the rows marked `json`. A new option is one row (CONTRIBUTING.md).
 */

/** How a flag's text becomes a value; the CLI holds one parser per kind, and its messages. */
export type FlagParse =
  /** Bounds are inclusive. `seconds`: the flag is in seconds, the option in milliseconds. */
  | {
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly integer?: boolean;
      readonly seconds?: boolean;
    }
  | { readonly kind: 'text' }
  /** `redis://` or `rediss://` and a host. */
  | { readonly kind: 'redis-url' }
  /** A folder that exists. */
  | { readonly kind: 'folder' }
  /** Comma-separated, blanks dropped; at least one `item`. */
  | { readonly kind: 'list'; readonly item: string }
  /** Comma-separated IP addresses. */
  | { readonly kind: 'ip-list' }
  /** Present or not: no value. */
  | { readonly kind: 'switch' }
  /** A whole number is a number seed, anything else a text seed. */
  | { readonly kind: 'seed' }
  /** `SYMBOL=SECONDS,…`: known symbols, whole seconds from 1. */
  | { readonly kind: 'tick-intervals' }
  /** A JSON accounts file (`AccountsConfig`). */
  | { readonly kind: 'accounts-file' }
  /** `off`, or a JSON file of `RateLimitOptions`. */
  | { readonly kind: 'rate-limits' }
  /** A JSON file of `TradingOptions` (markups, commission, limits). */
  | { readonly kind: 'trading-file' };

export interface ServeFlag {
  /** Without the dashes. */
  readonly name: string;
  /** What it takes, as `--help` shows it; none for a switch. */
  readonly arg?: string;
  readonly parse: FlagParse;
  /** One sentence or two for `--help`, without the default. */
  readonly help: string;
  /** The default `--help` shows, when the row's `default` alone does not say it (or serve's differs). */
  readonly shownDefault?: string;
  /** serve's own default, given to the server when the flag is absent, where it differs from createServer's. */
  readonly serveDefault?: string | number;
  /** Another flag that cannot be given with this one; given this one, that one's `serveDefault` is not applied either. */
  readonly excludes?: string;
  /** Where its value goes among the serve options; without it, into the row's own option. */
  readonly into?: (value: never) => Partial<ServerOptions> & StandIns;
}

/** How an option reaches each worker of a cluster (`serve --workers N`, `startCluster`). */
export type ClusterTransport =
  /** Sent to every worker as JSON, as given (an Iterable as an array, Infinity as null). */
  | 'json'
  /** Read by the primary, which seeds the store once and tells each worker which store to open (`WorkerSettings.store`); the workers and their restarts. */
  | 'primary'
  /** Set by the cluster for each worker: its connection to the shared SQLite file, and its limits counted in the primary. */
  | 'set-by-cluster'
  /** A function or object, which JSON cannot carry: the cluster takes a JSON stand-in (below) and each worker rebuilds it. */
  | 'stand-in';

export interface OptionRow<V> {
  /** What createServer uses when the option is not given, where that is one value. */
  readonly default?: V;
  /** serve's flags that set it; or, when it has none, why. */
  readonly flags: readonly ServeFlag[] | { readonly none: string };
  readonly cluster: ClusterTransport;
}

/** Timeouts longer than a day are never what a local server needs, and setTimeout cannot wait 25 days. */
const DAY_SECONDS = 86_400;
/** Byte limits up to 1 GiB: past that, one message or one buffer would not fit in a worker's memory. */
const GIBIBYTE = 1_073_741_824;

const seconds = (min: number): FlagParse => ({ kind: 'number', min, max: DAY_SECONDS, seconds: true });
const count = (min: number, max: number): FlagParse => ({ kind: 'number', min, max, integer: true });

/** One row per `ServerOptions` key, in `--help`'s order: a key without a row does not compile. */
export const OPTION_TABLE = {
  host: {
    default: '127.0.0.1',
    flags: [{ name: 'host', arg: 'ADDRESS', parse: { kind: 'text' }, help: 'address to listen on' }],
    cluster: 'json',
  },
  port: {
    default: 0,
    flags: [
      {
        name: 'port',
        arg: 'N',
        parse: count(0, 65_535),
        help: 'port to listen on; PORT in the environment sets it too (0 picks a free one)',
        serveDefault: 8080,
      },
    ],
    cluster: 'json',
  },
  db: {
    default: ':memory:',
    flags: [
      {
        name: 'db',
        arg: 'PATH',
        parse: { kind: 'text' },
        help: 'the SQLite file that keeps accounts, tokens and balances across restarts (:memory: keeps nothing)',
        serveDefault: 'deriv-ws.sqlite',
        shownDefault: 'deriv-ws.sqlite in the working directory',
      },
    ],
    cluster: 'primary',
  },
  redis: {
    flags: [
      {
        name: 'redis',
        arg: 'URL',
        parse: { kind: 'redis-url' },
        help: 'keep accounts, the ledger and the market in Redis (redis://HOST:PORT) instead of SQLite, shared by every node on it (docs/scale-out.md)',
        shownDefault: 'none: the --db file',
        excludes: 'db',
      },
    ],
    cluster: 'primary',
  },
  accounts: {
    flags: [
      {
        name: 'accounts',
        arg: 'FILE',
        parse: { kind: 'accounts-file' },
        help: 'accounts and tokens (JSON) to add to the database if it lacks them (a balance it holds is kept)',
        shownDefault: 'a demo account, made once per database, its token printed at every start',
      },
    ],
    cluster: 'primary',
  },
  store: {
    flags: {
      none: "--db names the database; a Store of your own is for the API (a cluster's worker passes its own connection to the shared file)",
    },
    cluster: 'set-by-cluster',
  },
  market: {
    flags: [
      {
        name: 'seed',
        arg: 'SEED',
        parse: { kind: 'seed' },
        help: 'market seed (number or text): the same seed shows the same ticks',
        shownDefault: 'random',
        into: (seed: string | number) => ({ market: { seed } }),
      },
      {
        name: 'tick-intervals',
        arg: 'LIST',
        parse: { kind: 'tick-intervals' },
        help: 'tick interval in whole seconds, by symbol: R_100=1,1HZ10V=3',
        shownDefault: '2 for R_*, 1 for 1HZ*',
        into: (intervals: Record<string, number>) => ({ market: { intervals } }),
      },
    ],
    cluster: 'json',
  },
  clock: {
    default: systemClock,
    flags: [
      {
        name: 'speed',
        arg: 'X',
        parse: { kind: 'number', min: 0.001, max: 10_000 },
        help: 'run the market clock X times faster than real time',
        shownDefault: '1',
        into: (clockSpeed: number) => ({ clockSpeed }),
      },
    ],
    // Stand-in: `clockSpeed`.
    cluster: 'stand-in',
  },
  logger: {
    default: silentLogger,
    flags: [
      {
        name: 'quiet',
        parse: { kind: 'switch' },
        help: 'do not log connections to stderr',
        shownDefault: 'log to stderr',
        into: (quiet: boolean) => ({ log: !quiet }),
      },
    ],
    // Stand-in: `log`, for a logger to stderr.
    cluster: 'stand-in',
  },
  staticDir: {
    flags: [
      {
        name: 'static-dir',
        arg: 'DIR',
        parse: { kind: 'folder' },
        help: 'a folder served over HTTP at /, read once at start',
        shownDefault: 'the demo page',
      },
    ],
    cluster: 'json',
  },
  appIds: {
    flags: [
      {
        name: 'app-ids',
        arg: 'LIST',
        parse: { kind: 'list', item: 'app id' },
        help: 'registered app ids (v3 and new-API ids); others get InvalidAppID on their first call, or 401 over REST',
        shownDefault: 'any',
      },
    ],
    cluster: 'json',
  },
  allowedOrigins: {
    flags: [
      {
        name: 'allowed-origins',
        arg: 'LIST',
        parse: { kind: 'list', item: 'origin' },
        help: 'page origins allowed to connect (https://app.example.com,…); any other, and a client that sends no Origin, gets HTTP 403',
        shownDefault: 'any',
      },
    ],
    cluster: 'json',
  },
  trustedProxies: {
    flags: [
      {
        name: 'trust-proxy',
        arg: 'LIST',
        parse: { kind: 'ip-list' },
        help: 'IP addresses of the load balancers in front: a connection from one counts as the client its X-Forwarded-For names',
        shownDefault: 'none: X-Forwarded-For is ignored',
      },
    ],
    cluster: 'json',
  },
  rateLimits: {
    default: {},
    flags: [
      {
        name: 'rate-limits',
        arg: 'off|FILE',
        parse: { kind: 'rate-limits' },
        help: 'off, or a JSON file of rate-limit options: limits, failedAuthorizations, per, minuteMs, hourMs, maxKeys (README, docs/limits.md)',
        shownDefault: 'the published budgets, failed authorize calls 20/min and 200/h per IP',
      },
    ],
    cluster: 'json',
  },
  trading: {
    default: {},
    flags: [
      {
        name: 'trading',
        arg: 'FILE',
        parse: { kind: 'trading-file' },
        help: 'a JSON file of the trading terms: riseFallMarkup, touchMarkup, tickTouchSurcharge, digitsMarkup, minCommission, minStake, maxPayout, maxDigitsPayout, multiplierMinStake, multiplierMaxStake, cancellationMarkup (docs/trading.md)',
        shownDefault:
          'markups 0.012 (rise/fall, touch; +0.02 tick touch) and 0.0168 (digits), commission at least 0.02, stake from 0.35, payout up to 50000 (digits 30000)',
      },
    ],
    cluster: 'json',
  },

  limitStore: {
    flags: {
      none: "where limits are counted follows from --redis and --workers: Redis, this process's memory, or the cluster's primary",
    },
    cluster: 'set-by-cluster',
  },
  maxConnections: {
    default: 100_000,
    flags: [
      {
        name: 'max-connections',
        arg: 'N',
        parse: count(1, 10_000_000),
        help: 'open connections in all (per worker); more get HTTP 503',
      },
    ],
    cluster: 'json',
  },
  maxConnectionsPerIp: {
    default: 1_000,
    flags: [
      {
        name: 'max-connections-per-ip',
        arg: 'N',
        parse: count(1, 1_000_000),
        help: 'open connections from one IP address, loopback included; more get HTTP 429',
        shownDefault: '1000 for other addresses, none for loopback: load tests from this machine are welcome',
      },
    ],
    cluster: 'json',
  },
  maxPayloadBytes: {
    default: MAX_INBOUND_BYTES,
    flags: [
      {
        name: 'max-payload-bytes',
        arg: 'N',
        parse: count(1, GIBIBYTE),
        help: 'the largest message a client may send; a larger one closes with 1009',
      },
    ],
    cluster: 'json',
  },
  maxResponseBytes: {
    default: MAX_RESPONSE_BYTES,
    flags: [
      {
        name: 'max-response-bytes',
        arg: 'N',
        parse: count(MIN_RESPONSE_BYTES, GIBIBYTE),
        help: 'the largest message the server sends; a larger reply becomes ResponseTooLarge',
      },
    ],
    cluster: 'json',
  },
  maxSubscriptionsPerConnection: {
    default: 1_000,
    flags: [
      {
        name: 'max-subscriptions-per-connection',
        arg: 'N',
        parse: count(0, 1_000_000),
        help: 'streams one connection may hold; more get SubscriptionLimitReached',
      },
    ],
    cluster: 'json',
  },
  maxStreamEchoBytesPerConnection: {
    default: MAX_INBOUND_BYTES,
    flags: [
      {
        name: 'max-stream-echo-bytes-per-connection',
        arg: 'N',
        parse: count(0, GIBIBYTE),
        help: "bytes of echo_req and passthrough one connection's streams keep; past it, SubscriptionLimitReached",
      },
    ],
    cluster: 'json',
  },
  maxBufferedBytes: {
    default: 1_048_576,
    flags: [
      {
        name: 'max-buffered-bytes',
        arg: 'N',
        parse: count(1, GIBIBYTE),
        help: 'bytes waiting unsent for one client; past it, a slow consumer closed with 1008',
      },
    ],
    cluster: 'json',
  },
  idleTimeoutMs: {
    default: IDLE_TIMEOUT_MS,
    flags: [
      { name: 'idle-timeout', arg: 'S', parse: seconds(0), help: 'drop connections silent for S seconds (0 never)' },
    ],
    cluster: 'json',
  },
  pipelineTimeoutMs: {
    default: 15_000,
    flags: [
      {
        name: 'pipeline-timeout',
        arg: 'S',
        parse: seconds(0.001),
        help: 'answer Timeout when a call takes longer than S seconds',
      },
    ],
    cluster: 'json',
  },
  handshakeTimeoutMs: {
    default: 10_000,
    flags: [
      {
        name: 'handshake-timeout',
        arg: 'S',
        parse: seconds(0),
        help: 'an HTTP request or WebSocket handshake must arrive within S seconds, or gets 408 (0 never)',
      },
    ],
    cluster: 'json',
  },
  drainTimeoutMs: {
    default: 5_000,
    flags: [
      {
        name: 'drain-timeout',
        arg: 'S',
        parse: seconds(0),
        help: 'on Ctrl-C, replies in progress get S seconds before connections close with 1001',
      },
    ],
    cluster: 'json',
  },
  closeTimeoutMs: {
    default: 1_000,
    flags: [
      {
        name: 'close-timeout',
        arg: 'S',
        parse: seconds(0),
        help: 'on Ctrl-C, clients get S seconds to answer the closing handshake before they are dropped',
      },
    ],
    cluster: 'json',
  },
} as const satisfies { readonly [K in keyof ServerOptions]-?: OptionRow<NonNullable<ServerOptions[K]>> };

/** The cluster's own options (`startCluster`), beyond the server's: restarts, and hooks for the benchmarks. */
export const CLUSTER_OPTION_TABLE = {
  workers: {
    default: 1,
    flags: [
      {
        name: 'workers',
        arg: 'N',
        parse: count(1, 64),
        help: 'serve from N processes (node:cluster); accounts stay in one place',
      },
    ],
    cluster: 'primary',
  },
  maxRestartsPerMinute: {
    default: DEFAULT_RESTART_POLICY.maxRestartsPerMinute,
    flags: [
      {
        name: 'max-restarts',
        arg: 'N',
        parse: count(0, 10_000),
        help: 'with --workers: dead workers replaced per minute, with backoff; when every worker is dead and none may be replaced, serve exits 1 saying why',
      },
    ],
    cluster: 'primary',
  },
  restartDelayMs: {
    default: DEFAULT_RESTART_POLICY.restartDelayMs,
    flags: [
      {
        name: 'restart-delay',
        arg: 'S',
        parse: seconds(0),
        help: 'with --workers: wait S seconds before replacing a dead worker, doubled for each restart in the last minute',
      },
    ],
    cluster: 'primary',
  },
  maxRestartDelayMs: {
    default: DEFAULT_RESTART_POLICY.maxRestartDelayMs,
    flags: [
      {
        name: 'max-restart-delay',
        arg: 'S',
        parse: seconds(0),
        help: 'with --workers: the longest wait before a replacement',
      },
    ],
    cluster: 'primary',
  },
  onTick: {
    flags: { none: "a function: the benchmarks hear every worker's ticks through it" },
    cluster: 'primary',
  },
} as const satisfies { readonly [K in ClusterOnlyKey]-?: OptionRow<number | ((...args: never[]) => void)> };

type Defaults<T> = {
  readonly [K in keyof T as T[K] extends { readonly default: unknown } ? K : never]: T[K] extends {
    readonly default: infer V;
  }
    ? V
    : never;
};

/** What createServer uses for each option not given. */
export const OPTION_DEFAULTS = defaultsOf(OPTION_TABLE) as {
  readonly [K in keyof Defaults<typeof OPTION_TABLE>]-?: NonNullable<ServerOptions[K & keyof ServerOptions]>;
};
/** What startCluster uses for each of its own options not given. */
export const CLUSTER_DEFAULTS = defaultsOf(CLUSTER_OPTION_TABLE) as {
  readonly [K in keyof Defaults<typeof CLUSTER_OPTION_TABLE>]: number;
};

function defaultsOf(table: Readonly<Record<string, OptionRow<unknown>>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table).flatMap(([key, row]) => ('default' in row ? [[key, row.default]] : [])),
  );
}
