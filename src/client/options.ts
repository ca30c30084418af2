import {
  APP_ID_PATTERN,
  BRAND_PATTERN,
  DEFAULT_BRAND,
  DEFAULT_ENDPOINT,
  DEFAULT_LANGUAGE,
  LANGUAGE_PATTERN,
  TEST_APP_ID,
  buildEndpointUrl,
} from '../protocol/url.js';
import type { RateLimits } from '../protocol/rate-limits.js';
import { DEFAULT_OPTIONS_HOST, OPTIONS_LIMITS, optionsSocketUrl } from '../protocol/options-api.js';
import { fullJitterBackoff, type RetryDelay } from './backoff.js';
import type { CloseInfo, ReconnectPolicy } from './connection.js';
import { InvalidOptionError } from './errors.js';
import type { OverflowPolicy } from './message-buffer.js';
import { OneBudgetPacer, RatePacer } from './rate-pacer.js';
import type { WebSocketConstructor } from './socket.js';

/** A URL, or a function that makes one; called afresh on every connect (one-time URLs). */
export type UrlProvider = string | (() => string | Promise<string>);

/** What every client takes, whichever API it speaks. */
export interface CommonClientOptions {
  /** The WebSocket implementation. Default: the global `WebSocket` (Node users of `deriv-ws` get `ws`). */
  WebSocket?: WebSocketConstructor;
  /**
   * How long a call waits for its reply before it rejects with `TimeoutError`, unless the call
   * gives its own. Default 60 000 ms: longer than the real server's own 15 s pipeline timeout,
   * so a reply that is merely slow still arrives, while a lost one still settles.
   * `Infinity` disables it.
   */
  requestTimeoutMs?: number;
  /** How long the WebSocket handshake may take (an OTP request included). Default 10 000 ms. */
  connectTimeoutMs?: number;
  /**
   * Send `{"ping":1}` after this much silence. Default 30 000 ms. The server drops a
   * connection after 120 s without traffic; 30 s is Deriv's own recommendation and leaves
   * room for three lost pings. (The guide's sample code says 120 s in a comment but pings
   * every 12 000 ms.) `0` disables keep-alive.
   */
  pingIntervalMs?: number;
  /** A keep-alive ping unanswered for this long means the link is dead. Default 5 000 ms. */
  pongTimeoutMs?: number;
  /** Reconnect after a close the client did not ask for. Default true. */
  reconnect?: boolean;
  /**
   * The shortest wait before a reconnect attempt, and the least time between two attempts.
   * Default 1 000 ms: Deriv limits new connections to about one per second per IP.
   */
  minRetryDelayMs?: number;
  /** The longest wait between attempts. Default 30 000 ms. */
  maxRetryDelayMs?: number;
  /** Give up after this many attempts in a row. Default: never (`Infinity`). */
  maxRetries?: number;
  /** A connection that stays open this long resets the attempt count (so a flapping link keeps backing off). Default 5 000 ms. */
  minUptimeMs?: number;
  /** The wait before attempt n (from 1). Default: exponential backoff with full jitter between the two delays above. */
  retryDelay?: RetryDelay;
  /** Veto a reconnect after a given close. Default: reconnect after every close but the fatal ones. */
  shouldReconnect?: (close: CloseInfo) => boolean;
  /** How many calls may wait for a connection (or rate budget); more reject with `QueueFullError`. Default 1 000. */
  maxQueued?: number;
  /** Send read-only calls again when their connection dropped (or the server answered `RateLimit`). Default true. Money-moving calls are never sent again. */
  retryReadOnly?: boolean;
}

export interface DerivClientOptions extends CommonClientOptions {
  /** `v3` (the default). The new API's client is `DerivClient` from `deriv-ws/options`. */
  api?: 'v3';
  /** Host of the v3 API. Default `ws.derivws.com`. Give `ws://host:port` to connect without TLS. */
  endpoint?: string;
  /** Your app id. Default 1089, Deriv's id "for testing"; register your own for real use. */
  appId?: number | string;
  /** Language of server messages (`l`). Default `EN`. */
  lang?: string;
  /** Brand (`brand`). Default `deriv`. */
  brand?: string;
  /**
   * The full URL, replacing endpoint, appId, lang and brand. A function is called on every
   * connect, so a one-time URL (Deriv's new OTP flow) is fresh each time. Never logged.
   */
  url?: UrlProvider;
  /**
   * Pace calls under Deriv's rate limits so they wait instead of failing with `RateLimit`.
   * The limits start as the published ones and follow any `website_status` reply the client
   * sees. `false` turns pacing off.
   */
  rateLimit?: false | { limits?: Partial<RateLimits>; minuteMs?: number; hourMs?: number };
}

export interface ResolvedOptions {
  url: () => string | Promise<string>;
  WebSocket: WebSocketConstructor;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  reconnect: ReconnectPolicy;
  maxQueued: number;
  retryReadOnly: boolean;
  /** Made here, so the new API can bring its own (one budget per second). */
  pacer: RatePacer | undefined;
  /** v3: HTTP 401/403 at the handshake refuses the app id for good. New API: it refuses one OTP; the next attempt fetches another. */
  refusedUpgradeIsFatal: boolean;
  /** New API: `{ balance: 1 }`, sent first on every socket to learn its account (its OTP's), where v3 re-authorizes. */
  firstCall: { balance: 1 } | undefined;
}

function positiveDuration(
  name: string,
  value: unknown,
  fallback: number,
  { allowZero = false, allowInfinity = false } = {},
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new InvalidOptionError(name, 'must be a number of milliseconds');
  if (value === Infinity && allowInfinity) return value;
  if (!Number.isFinite(value)) throw new InvalidOptionError(name, 'must be finite');
  if (value < 0 || (value === 0 && !allowZero))
    throw new InvalidOptionError(name, allowZero ? 'must be 0 or more' : 'must be more than 0');
  // setTimeout overflows above 2^31-1 ms and fires at once; refuse rather than surprise.
  if (value > 2_147_483_647) throw new InvalidOptionError(name, 'must be at most 2147483647 ms');
  return value;
}

/** A call's own `timeoutMs`, checked as the client's `requestTimeoutMs` is. */
export function callTimeoutMs(value: unknown, fallback: number): number {
  return positiveDuration('timeoutMs', value, fallback, { allowInfinity: true });
}

const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['drop-oldest', 'drop-newest', 'error'];

/** A subscription's own buffer options: a buffer holds at least one message. */
export function streamBufferOptions(
  bufferSize: unknown,
  overflow: unknown,
): { bufferSize?: number; overflow?: OverflowPolicy } {
  const checked: { bufferSize?: number; overflow?: OverflowPolicy } = {};
  if (bufferSize !== undefined) {
    if (typeof bufferSize !== 'number' || !Number.isInteger(bufferSize) || bufferSize < 1)
      throw new InvalidOptionError('bufferSize', 'must be a whole number, 1 or more');
    checked.bufferSize = bufferSize;
  }
  if (overflow !== undefined) {
    if (!OVERFLOW_POLICIES.includes(overflow as OverflowPolicy))
      throw new InvalidOptionError('overflow', `must be one of ${OVERFLOW_POLICIES.join(', ')}`);
    checked.overflow = overflow as OverflowPolicy;
  }
  return checked;
}

function optionalPattern(name: string, value: unknown, pattern: RegExp, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidOptionError(name, `must match ${pattern}`);
  return value;
}

function resolveUrl(options: DerivClientOptions): () => string | Promise<string> {
  const { url } = options;
  if (url !== undefined) {
    if (typeof url === 'function') return url;
    if (typeof url !== 'string' || !/^wss?:\/\//i.test(url))
      throw new InvalidOptionError('url', 'must be a ws:// or wss:// URL, or a function returning one');
    return () => url;
  }
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  if (typeof endpoint !== 'string' || !/^(wss?:\/\/)?[^\s/?#]+$/i.test(endpoint)) {
    throw new InvalidOptionError('endpoint', 'must be a host name, host:port, or ws(s)://host[:port]');
  }
  const appId = options.appId ?? TEST_APP_ID;
  if ((typeof appId !== 'number' && typeof appId !== 'string') || !APP_ID_PATTERN.test(String(appId))) {
    throw new InvalidOptionError('appId', 'must be 1 to 19 digits with no leading zero');
  }
  const lang = optionalPattern('lang', options.lang, LANGUAGE_PATTERN, DEFAULT_LANGUAGE);
  const brand = optionalPattern('brand', options.brand, BRAND_PATTERN, DEFAULT_BRAND);
  const built = buildEndpointUrl({ endpoint, appId, lang, brand });
  return () => built;
}

function resolveWebSocket(value: unknown): WebSocketConstructor {
  if (value !== undefined) {
    if (typeof value !== 'function') throw new InvalidOptionError('WebSocket', 'must be a WebSocket constructor');
    return value as WebSocketConstructor;
  }
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof global !== 'function') {
    throw new InvalidOptionError(
      'WebSocket',
      'there is no global WebSocket here; pass one (in Node 20, import DerivClient from "deriv-ws", which brings ws)',
    );
  }
  return global;
}

function count(name: string, value: unknown, fallback: number, { allowInfinity = false } = {}): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !(value >= 0) ||
    (!Number.isInteger(value) && !(allowInfinity && value === Infinity))
  ) {
    throw new InvalidOptionError(name, `must be a whole number, 0 or more${allowInfinity ? ', or Infinity' : ''}`);
  }
  return value;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, 'must be true or false');
  return value;
}

function optionalFunction<T>(name: string, value: unknown): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw new InvalidOptionError(name, 'must be a function');
  return value as T | undefined;
}

function resolveRateLimit(value: DerivClientOptions['rateLimit']): RatePacer | undefined {
  if (value === false) return undefined;
  if (value === undefined) return new RatePacer();
  if (value === null || typeof value !== 'object')
    throw new InvalidOptionError('rateLimit', 'must be false or { limits?, minuteMs?, hourMs? }');
  return new RatePacer({
    ...(value.limits ? { limits: value.limits } : {}),
    ...(value.minuteMs !== undefined
      ? { minuteMs: positiveDuration('rateLimit.minuteMs', value.minuteMs, 60_000) }
      : {}),
    ...(value.hourMs !== undefined ? { hourMs: positiveDuration('rateLimit.hourMs', value.hourMs, 3_600_000) } : {}),
  });
}

/** The default: retry after any close; the connection itself stops on refused app ids and tokens. */
const reconnectAfterAnyClose = (_close: CloseInfo) => true;

/** Checks every option at once and fills in the defaults, so mistakes fail at construction. */
export function resolveOptions(options: DerivClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'must be an object');
  const minRetryDelayMs = positiveDuration('minRetryDelayMs', options.minRetryDelayMs, 1_000, { allowZero: true });
  const maxRetryDelayMs = positiveDuration('maxRetryDelayMs', options.maxRetryDelayMs, 30_000);
  if (maxRetryDelayMs < minRetryDelayMs)
    throw new InvalidOptionError('maxRetryDelayMs', 'must be at least minRetryDelayMs');
  return {
    url: resolveUrl(options),
    WebSocket: resolveWebSocket(options.WebSocket),
    requestTimeoutMs: positiveDuration('requestTimeoutMs', options.requestTimeoutMs, 60_000, { allowInfinity: true }),
    connectTimeoutMs: positiveDuration('connectTimeoutMs', options.connectTimeoutMs, 10_000),
    pingIntervalMs: positiveDuration('pingIntervalMs', options.pingIntervalMs, 30_000, { allowZero: true }),
    pongTimeoutMs: positiveDuration('pongTimeoutMs', options.pongTimeoutMs, 5_000),
    reconnect: {
      enabled: flag('reconnect', options.reconnect, true),
      retryDelay:
        optionalFunction<RetryDelay>('retryDelay', options.retryDelay) ??
        fullJitterBackoff({ minDelayMs: minRetryDelayMs, maxDelayMs: maxRetryDelayMs }),
      minDelayMs: minRetryDelayMs,
      maxRetries: count('maxRetries', options.maxRetries, Infinity, { allowInfinity: true }),
      minUptimeMs: positiveDuration('minUptimeMs', options.minUptimeMs, 5_000, { allowZero: true }),
      shouldReconnect:
        optionalFunction<(close: CloseInfo) => boolean>('shouldReconnect', options.shouldReconnect) ??
        reconnectAfterAnyClose,
    },
    maxQueued: count('maxQueued', options.maxQueued, 1_000),
    retryReadOnly: flag('retryReadOnly', options.retryReadOnly, true),
    pacer: resolveRateLimit(options.rateLimit),
    refusedUpgradeIsFatal: true,
    firstCall: undefined,
  };
}

// ---- The new API (deriv-ws/options). Unused by the v3 client, so its bundle leaves it out. ----

/** The REST host of the new API; its sockets are on the same host. */
export const DEFAULT_REST_URL = `https://${DEFAULT_OPTIONS_HOST}`;
/** The market-data socket: no token, no OTP. */
export const DEFAULT_PUBLIC_URL = optionsSocketUrl(`wss://${DEFAULT_OPTIONS_HOST}`, 'public');

/** Pacing on the new API: one budget per connection, per second (OPTIONS_LIMITS). */
export type OptionsRateLimit = false | { requestsPerSecond?: number };

/** Where and as whom the REST calls go: a Personal Access Token and the app it was made for. */
export interface OptionsRestOptions {
  /** Default `https://api.derivws.com`; a local server is `http://127.0.0.1:PORT`. */
  restUrl?: string;
  /** The app id from developers.deriv.com (legacy numeric ids do not work there). Sent as `Deriv-App-ID` on every call. */
  appId: string;
  /** The PAT (or OAuth access token), sent as `Authorization: Bearer`. In memory only, never logged. */
  token: string;
  /** How long one REST call may take before it fails (`RestError` code `Timeout`). Default 10 000 ms. */
  restTimeoutMs?: number;
}

/** An account's client on the new API: every (re)connect asks REST for a fresh one-time URL. */
export interface OptionsAccountClientOptions extends CommonClientOptions, OptionsRestOptions {
  api: 'options';
  public?: false;
  /** The account the socket is for (`account_id` from `rest.accounts()`); `switchAccount()` changes it. */
  accountId: string;
  rateLimit?: OptionsRateLimit;
}

/** A market-data client on the new API's public socket. */
export interface OptionsPublicClientOptions extends CommonClientOptions {
  api: 'options';
  public: true;
  /** Default `wss://api.derivws.com/trading/v1/options/ws/public`. */
  url?: string;
  rateLimit?: OptionsRateLimit;
}

export type OptionsClientOptions = OptionsAccountClientOptions | OptionsPublicClientOptions;

export interface ResolvedRestOptions {
  restUrl: string;
  appId: string;
  token: string;
  restTimeoutMs: number;
}

/** Checks the REST options; the token is never quoted in an error. */
export function resolveRestOptions(options: OptionsRestOptions): ResolvedRestOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'must be an object');
  const restUrl = options.restUrl ?? DEFAULT_REST_URL;
  if (typeof restUrl !== 'string' || !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(restUrl))
    throw new InvalidOptionError('restUrl', 'must be an http:// or https:// URL, such as https://api.derivws.com');
  const appId = typeof options.appId === 'number' ? String(options.appId) : options.appId;
  if (typeof appId !== 'string' || !/^[\w-]{1,64}$/.test(appId))
    throw new InvalidOptionError('appId', 'must be the app id from developers.deriv.com (letters, digits, - or _)');
  // A header value: printable ASCII, no spaces. Never echoed.
  if (typeof options.token !== 'string' || !/^[\x21-\x7e]{1,4096}$/.test(options.token))
    throw new InvalidOptionError('token', 'must be a token (printable characters, no spaces)');
  return {
    restUrl: restUrl.replace(/\/+$/, ''),
    appId,
    token: options.token,
    // A hung call must end: OTP calls made meanwhile wait for it (they are coalesced).
    restTimeoutMs: positiveDuration('restTimeoutMs', options.restTimeoutMs, 10_000),
  };
}

/** An account id as it goes into a REST path. */
export function checkAccountId(accountId: unknown, name = 'accountId'): string {
  if (typeof accountId !== 'string' || !/^[\w-]{1,64}$/.test(accountId))
    throw new InvalidOptionError(name, 'must be an account id such as DOT90004580 (from rest.accounts())');
  return accountId;
}

/**
 * Checks a new-API client's options. `url` is the caller's (it makes the OTP provider); the
 * public socket's is filled in here.
 */
export function resolveOptionsApi(
  options: OptionsClientOptions,
):
  | { kind: 'public'; resolved: Omit<ResolvedOptions, 'url'>; url: string }
  | { kind: 'account'; resolved: Omit<ResolvedOptions, 'url'>; rest: ResolvedRestOptions; accountId: string } {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'must be an object');
  if (options.api !== 'options') throw new InvalidOptionError('api', "must be 'options'");
  const { api: _api, public: _public, url: _url, rateLimit, ...common } = options as OptionsPublicClientOptions;
  // The options both APIs share are checked as v3 checks them; the URL is the new API's own.
  const resolved = {
    ...resolveOptions({ ...common, url: 'wss://placeholder', rateLimit: false }),
    pacer: resolveOptionsRateLimit(rateLimit),
    refusedUpgradeIsFatal: false,
    firstCall: options.public === true ? undefined : ({ balance: 1 } as const),
  };
  if (options.public === true) {
    const url = options.url ?? DEFAULT_PUBLIC_URL;
    if (typeof url !== 'string' || !/^wss?:\/\//i.test(url))
      throw new InvalidOptionError('url', 'must be a ws:// or wss:// URL');
    return { kind: 'public', resolved, url };
  }
  if (options.public !== undefined && options.public !== false)
    throw new InvalidOptionError('public', 'must be true or false');
  return {
    kind: 'account',
    resolved,
    rest: resolveRestOptions(options),
    accountId: checkAccountId(options.accountId),
  };
}

/** OPTIONS_LIMITS' 100 requests/s per connection, as one budget every call draws on. */
function resolveOptionsRateLimit(value: OptionsRateLimit | undefined): RatePacer | undefined {
  if (value === false) return undefined;
  if (value !== undefined && (value === null || typeof value !== 'object'))
    throw new InvalidOptionError('rateLimit', 'must be false or { requestsPerSecond? }');
  const perSecond = count('rateLimit.requestsPerSecond', value?.requestsPerSecond, OPTIONS_LIMITS.requestsPerSecond);
  if (perSecond < 1) throw new InvalidOptionError('rateLimit.requestsPerSecond', 'must be 1 or more');
  return new OneBudgetPacer(perSecond);
}
