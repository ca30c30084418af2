import type { AccountStore } from './accounts/account-store.js';
import type { AccountsConfig } from './accounts/accounts-config.js';
import type { Clock } from './clock.js';
import type { RateLimitOptions } from './limits/rate-limiter.js';
import type { Logger } from './logger.js';
import type { MarketOptions } from './market/market.js';

export interface ServerOptions {
  /** Address to listen on. Default `127.0.0.1`: the server is for this machine unless you say otherwise. */
  host?: string;
  /** Port to listen on. Default 0, a free port (read it from `server.port` or `server.url`). */
  port?: number;
  /** Close a connection after this much silence in both directions. Default 120 000 ms, as the real server. 0 disables. */
  idleTimeoutMs?: number;
  /** Close with 1009 when a message is larger than this. Default 262 144 bytes, as the real server. */
  maxPayloadBytes?: number;
  /** Replace replies larger than this with `ResponseTooLarge`. Default 600 000 bytes, as the real server. */
  maxResponseBytes?: number;
  /** Answer `Timeout` when a handler takes longer. Default 15 000 ms, as the real server. */
  pipelineTimeoutMs?: number;
  /**
   * Registered app ids. When given, any other well-formed id still connects, but its first
   * call that needs the back end gets `InvalidAppID` and the socket closes, as on the real server.
   */
  appIds?: Iterable<string | number>;
  /** Where to report connections and failures. Default: nowhere. */
  logger?: Logger;
  /** Time for `time` and the market's ticks. Default: the system clock. `acceleratedClock(20)` runs the market 20× faster. */
  clock?: Clock;
  /** The market simulator: `seed` (default random) and tick interval overrides. */
  market?: MarketOptions;
  /**
   * Accounts and their tokens: a config (the JSON of `serve --accounts FILE`) or a store of
   * your own. Default: one demo account, a virtual USD account with 10 000 and a token with
   * every scope (`server.demoToken`).
   */
  accounts?: AccountsConfig | AccountStore;
  /**
   * Rate limits: fixed one-minute and one-hour windows per connection, with the real
   * server's published budgets by default, and the same numbers in `website_status`.
   * `false` turns them off.
   */
  rateLimits?: RateLimitOptions | false;
  /** A folder to serve over plain HTTP at `/` (the CLI serves the demo page from it). */
  staticDir?: string;
  /** How long `close()` waits for clients to finish the closing handshake before dropping them. Default 1 000 ms. */
  closeTimeoutMs?: number;
}
