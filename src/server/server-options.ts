import type { AccountsConfig } from './accounts/accounts-config.js';
import type { Clock } from './clock.js';
import type { LimitStore } from './limits/limit-store.js';
import type { RateLimitOptions } from './limits/rate-limiter.js';
import type { Logger } from './logger.js';
import type { MarketOptions } from './market/market.js';
import type { Store } from './store/store.js';

/** Where a fleet's Redis is: its URL, and the prefix of the fleet's keys (default `dws:`). */
export interface RedisOption {
  readonly url: string;
  readonly prefix?: string;
}

/** `ServerOptions.redis` in its one full form: a bare URL has the default prefix. */
export function redisTarget(redis: string | RedisOption): RedisOption {
  return typeof redis === 'string' ? { url: redis } : redis;
}
import type { TradingOptions } from './trading/trading-options.js';

export interface ServerOptions {
  /** Address to listen on. Default `127.0.0.1`: the server is for this machine unless you say otherwise. */
  host?: string;
  /** Port to listen on. Default 0, a free port (read it from `server.port` or `server.url`). */
  port?: number;
  /** Close a connection after this much silence in both directions. Default 120 000 ms, as the real server. 0 disables. */
  idleTimeoutMs?: number;
  /** Close with 1009 when a message is larger than this. Default 262 144 bytes, as the real server. */
  maxPayloadBytes?: number;
  /**
   * The longest message the server sends, replies and stream messages alike. A reply over it
   * becomes `ResponseTooLarge` (with `echo_req` and `passthrough` only if they fit); a stream
   * whose envelope leaves under 1 KiB for its messages is refused with `ResponseTooLarge`.
   * Default 600 000 bytes, as the real server; at least 256.
   */
  maxResponseBytes?: number;
  /** Answer `Timeout` when a handler takes longer. Default 15 000 ms, as the real server. */
  pipelineTimeoutMs?: number;
  /**
   * Registered app ids. When given, any other well-formed id still connects, but its first
   * call that needs the back end gets `InvalidAppID` and the socket closes, as on the real server.
   * The new API's REST calls check their `Deriv-App-ID` against it too (401 "Deriv-App-ID is not
   * registered"); its ids are opaque strings, 1–64 of [A-Za-z0-9_-].
   */
  appIds?: Iterable<string | number>;
  /** Where to report connections and failures. Default: nowhere. */
  logger?: Logger;
  /** Time for `time` and the market's ticks. Default: the system clock. `acceleratedClock(20)` runs the market 20× faster. */
  clock?: Clock;
  /** The market simulator: `seed` (default random) and tick interval overrides. */
  market?: MarketOptions;
  /**
   * The SQLite database that holds accounts, tokens and the ledger: a file path, kept across
   * restarts, or `:memory:`. Default `:memory:`, so a test writes no file. Refused with
   * `DatabaseRefused` if it cannot be opened, is not SQLite, is another program's, or is from
   * a newer version of this server.
   */
  db?: string;
  /**
   * Keep accounts, tokens, the ledger and the market's seed and clock in Redis instead of SQLite,
   * shared by every node on the same Redis and prefix (docs/scale-out.md): `redis://host:port`,
   * or `{ url, prefix }` (default prefix `dws:`; one Redis can hold several fleets). The server
   * opens the store and closes it. Not with `db` or `store`. An unreachable Redis is
   * `StoreUnavailable` at start.
   */
  redis?: string | RedisOption;
  /**
   * A store of your own instead of `db` (a cluster's worker on SQLite passes its connection to the shared file).
   * The server does not fill it (unless `accounts` is given) and does not close it.
   */
  store?: Store;
  /**
   * Accounts and their tokens (the JSON of `serve --accounts FILE`), added to the store if it
   * does not hold them yet; an account it holds keeps its balance. Default: the demo account,
   * a virtual USD account with 10 000 and a token with every scope (`server.demoToken`), made
   * once per database.
   */
  accounts?: AccountsConfig;
  /**
   * Rate limits: fixed one-minute and one-hour windows per IP and User-Agent (per account once
   * authorized; `per: 'connection'` for one budget each), with the real server's published
   * budgets by default, and the same numbers in `website_status`; and a budget of failed
   * `authorize` calls per IP (`failedAuthorizations`, default 20 a minute, 200 an hour); and the
   * new API's 60 REST calls a minute per token. `false` turns them off.
   */
  rateLimits?: RateLimitOptions | false;
  /**
   * Where rate budgets, failed authorizations and connections per IP are counted. Default:
   * this process's memory. A cluster's workers count in the primary, so that the limits hold
   * for the cluster as a whole.
   */
  limitStore?: LimitStore;
  /**
   * A folder to serve over plain HTTP at `/` (the CLI serves the demo page from it). Its files
   * are read once, when the server starts, and served from memory with a strict
   * Content-Security-Policy (this server's own scripts, styles and images; WebSockets anywhere)
   * that no page may frame.
   */
  staticDir?: string;
  /** How long `close()` waits for clients to finish the closing handshake before dropping them. Default 1 000 ms. */
  closeTimeoutMs?: number;
  /** How long `close()` lets replies already in progress finish before it closes connections with 1001. Default 5 000 ms. */
  drainTimeoutMs?: number;
  /**
   * Open connections in all; more are refused with HTTP 503. Default 100 000 (the real server's
   * per-worker figure). Plain HTTP sockets (page requests, handshakes not yet done) are capped
   * by the same number, counted apart: past it a new TCP connection is closed at once.
   */
  maxConnections?: number;
  /**
   * Open connections from one IP address (an IPv6 /64 counts as one; counted in `limitStore`); more are refused with HTTP
   * 429. Default 1 000 for every address but loopback's, which the default leaves uncapped (a
   * load test from this machine is what a local server usually sees); given, it applies to
   * every address, loopback included. Plain HTTP sockets from one IP address are capped by the
   * same number, counted apart: past it a new TCP connection is closed at once.
   */
  maxConnectionsPerIp?: number;
  /** Streams one connection may hold; more are refused with `SubscriptionLimitReached`. Default 1 000. */
  maxSubscriptionsPerConnection?: number;
  /**
   * Bytes of encoded envelope (`echo_req`, `req_id`, `passthrough`, subscription id) one
   * connection's streams may keep together: a stream keeps its envelope while it lives, however
   * quiet. A stream past it is refused with `SubscriptionLimitReached`. Default 262 144 (as much
   * as one inbound message holds; some 1 500 streams with ordinary requests).
   */
  maxStreamEchoBytesPerConnection?: number;
  /**
   * Bytes that may wait unsent for one client. Past this the client is a slow consumer: it is
   * closed with 1008 and dropped, so it cannot grow the server's memory or slow anyone else.
   * A plain HTTP socket that asks for more while more than this of its answers wait unsent is
   * dropped too. Default 1 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * Every HTTP request, body included, and every WebSocket handshake must arrive within this
   * of its first byte (or of the connection, for the first): Node answers 408 and closes.
   * A plain HTTP socket whose answer has not moved for this long (a client that stopped
   * reading) is dropped, and an idle keep-alive one closes within it plus a second.
   * Default 10 000 ms. 0 turns these off.
   */
  handshakeTimeoutMs?: number;
  /** Page origins allowed to connect (the `Origin` header); any other gets HTTP 403 `{"error":"AccessRestricted"}`. Default: any. */
  allowedOrigins?: Iterable<string>;
  /**
   * IP addresses of the proxies (a load balancer) in front of this server. A connection from one
   * of them is counted and logged as the client its `X-Forwarded-For` names, so per-IP caps and
   * budgets hold per client, not per proxy. A header from any other peer is ignored. Default: none.
   */
  trustedProxies?: Iterable<string>;
  /**
   * The trading sandbox's terms: markups (rise/fall and higher/lower 0.012, touch 0.012 plus
   * 0.02 for tick touch, digits 0.0168), the minimum commission (0.02), the minimum stake (0.35)
   * and the maximum payouts (50 000, digits 30 000). docs/trading.md.
   */
  trading?: Partial<TradingOptions>;
}
