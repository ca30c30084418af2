import { APP_ID_PATTERN, BRAND_PATTERN, DEFAULT_BRAND, DEFAULT_ENDPOINT, DEFAULT_LANGUAGE, LANGUAGE_PATTERN, TEST_APP_ID, buildEndpointUrl } from '../protocol/url.js';
import { InvalidOptionError } from './errors.js';
import type { WebSocketConstructor } from './socket.js';

/** A URL, or a function that makes one; called afresh on every connect (one-time URLs). */
export type UrlProvider = string | (() => string | Promise<string>);

export interface DerivClientOptions {
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
  /** The WebSocket implementation. Default: the global `WebSocket` (Node users of `deriv-ws` get `ws`). */
  WebSocket?: WebSocketConstructor;
  /**
   * How long a call waits for its reply before it rejects with `TimeoutError`, unless the call
   * gives its own. Default 60 000 ms: longer than the real server's own 15 s pipeline timeout,
   * so a reply that is merely slow still arrives, while a lost one still settles.
   * `Infinity` disables it.
   */
  requestTimeoutMs?: number;
  /** How long the WebSocket handshake may take. Default 10 000 ms. */
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
}

export interface ResolvedOptions {
  url: () => string | Promise<string>;
  WebSocket: WebSocketConstructor;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

function positiveDuration(name: string, value: unknown, fallback: number, { allowZero = false, allowInfinity = false } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new InvalidOptionError(name, 'must be a number of milliseconds');
  if (value === Infinity && allowInfinity) return value;
  if (!Number.isFinite(value)) throw new InvalidOptionError(name, 'must be finite');
  if (value < 0 || (value === 0 && !allowZero)) throw new InvalidOptionError(name, allowZero ? 'must be 0 or more' : 'must be more than 0');
  // setTimeout overflows above 2^31-1 ms and fires at once; refuse rather than surprise.
  if (value > 2_147_483_647) throw new InvalidOptionError(name, 'must be at most 2147483647 ms');
  return value;
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
    if (typeof url !== 'string' || !/^wss?:\/\//i.test(url)) throw new InvalidOptionError('url', 'must be a ws:// or wss:// URL, or a function returning one');
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
    throw new InvalidOptionError('WebSocket', 'there is no global WebSocket here; pass one (in Node 20, import DerivClient from "deriv-ws", which brings ws)');
  }
  return global;
}

/** Checks every option at once and fills in the defaults, so mistakes fail at construction. */
export function resolveOptions(options: DerivClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'must be an object');
  return {
    url: resolveUrl(options),
    WebSocket: resolveWebSocket(options.WebSocket),
    requestTimeoutMs: positiveDuration('requestTimeoutMs', options.requestTimeoutMs, 60_000, { allowInfinity: true }),
    connectTimeoutMs: positiveDuration('connectTimeoutMs', options.connectTimeoutMs, 10_000),
    pingIntervalMs: positiveDuration('pingIntervalMs', options.pingIntervalMs, 30_000, { allowZero: true }),
    pongTimeoutMs: positiveDuration('pongTimeoutMs', options.pongTimeoutMs, 5_000),
  };
}
