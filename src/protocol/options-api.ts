/**
 * Deriv's new API (developers.deriv.com), which Deriv's pages call "Options": its REST paths,
 * its WebSocket paths and its published limits, in one place for the client, the server and
 * the CLI (docs/migrating-to-the-new-api.md).
 */

/** Every REST call and every new socket lives under this prefix. */
export const OPTIONS_PREFIX = '/trading/v1/options';
/** The three sockets: `…/ws/public` (no auth), `…/ws/demo?otp=…`, `…/ws/real?otp=…`. */
export const OPTIONS_WS_PREFIX = `${OPTIONS_PREFIX}/ws`;
export const HEALTH_PATH = '/v1/health';
/** The REST host Deriv documents; its sockets are on the same host (`wss://`). */
export const DEFAULT_OPTIONS_HOST = 'api.derivws.com';

export type OptionsChannel = 'public' | 'demo' | 'real';
export const OPTIONS_CHANNELS: readonly OptionsChannel[] = ['public', 'demo', 'real'];

/** Which API a connection speaks: v3 (`/websockets/v3?app_id=`) or the new one, on one of its sockets. */
export type ApiKind = 'v3' | 'options';

/** An OTP is good for this long after it is issued, and for one upgrade (Deriv's OpenAPI file). */
export const OTP_TTL_SECONDS = 120;

/** The published limits of the new API (docs/migrating-to-the-new-api.md, "Limits"). */
export const OPTIONS_LIMITS = {
  /** WebSocket requests per second, per connection. */
  requestsPerSecond: 100,
  /** Active subscriptions per connection. */
  subscriptions: 100,
  /** Concurrent WebSocket connections per user (account sockets; the public one is per IP). */
  connectionsPerUser: 5,
  /** REST requests per minute, per token. */
  restPerMinute: 60,
} as const;

/** The socket URL of a channel on `base` (`ws://127.0.0.1:8080`, `wss://api.derivws.com`), without any OTP. */
export function optionsSocketUrl(base: string, channel: OptionsChannel): string {
  return `${base.replace(/\/+$/, '')}${OPTIONS_WS_PREFIX}/${channel}`;
}

/** The channel a socket path names, or undefined for any other path. */
export function optionsChannelOf(pathname: string): OptionsChannel | undefined {
  if (!pathname.startsWith(`${OPTIONS_WS_PREFIX}/`)) return undefined;
  const channel = pathname.slice(OPTIONS_WS_PREFIX.length + 1);
  return (OPTIONS_CHANNELS as readonly string[]).includes(channel) ? (channel as OptionsChannel) : undefined;
}
