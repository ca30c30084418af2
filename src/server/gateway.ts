import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { optionsChannelOf, type ApiKind, type OptionsChannel } from '../protocol/options-api.js';
import {
  APP_ID_PATTERN,
  BRAND_PATTERN,
  DEFAULT_BRAND,
  DEFAULT_LANGUAGE,
  WEBSOCKET_PATH,
  normaliseLanguage,
} from '../protocol/url.js';
import type { AuthState } from './calls/types.js';
import { clientAddress } from './client-address.js';
import { parseRequestTarget } from './request-target.js';

/** What the handshake tells us about a connection, before any frame arrives. */
export interface ConnectionInfo {
  /** `v3` on `/websockets/v3`; `options` on one of the new API's sockets (`channel` says which). */
  api: ApiKind;
  /** The new API's socket: undefined on v3. */
  channel: OptionsChannel | undefined;
  /** Who a new-API account socket is bound to, from its OTP: the connection starts authorized as it. */
  boundAuth: AuthState | undefined;
  /** The v3 `app_id`; on the new API, the app the OTP was issued to (`''` on the public socket). */
  appId: string;
  /** Upper-cased language (`EN`, `ZH_CN`), `EN` when missing or invalid. */
  lang: string;
  brand: string;
  appIdRegistered: boolean;
  /** The client's address: the TCP peer, or behind a trusted proxy the address it forwarded (client-address.ts). */
  remoteAddress: string;
  userAgent: string;
}

export type UpgradeDecision = { accept: true; info: ConnectionInfo } | { accept: false; status: number; body: string };

/**
 * The checks the real server makes in its `before_dispatch` hook, before the upgrade
 * (docs/PROTOCOL-NOTES.md, "Connection"): the path, then the app id. A missing or malformed app
 * id gets no WebSocket at all, only HTTP 401. A target the URL parser cannot read gets 400.
 */
export function decideUpgrade(
  request: IncomingMessage,
  registeredAppIds: ReadonlySet<string> | undefined,
  allowedOrigins: ReadonlySet<string> | undefined,
  trustedProxies: ReadonlySet<string> = new Set(),
): UpgradeDecision {
  const url = parseRequestTarget(request.url);
  if (!url) return { accept: false, status: 400, body: '{"error":"BadRequest"}' };
  const channel = optionsChannelOf(url.pathname);
  // The new API's public socket: no app id, no auth (docs/migrating-to-the-new-api.md).
  if (channel === 'public')
    return {
      accept: true,
      info: {
        ...peerOf(request, trustedProxies),
        api: 'options',
        channel,
        boundAuth: undefined,
        appId: '',
        appIdRegistered: true,
        lang: DEFAULT_LANGUAGE,
        brand: DEFAULT_BRAND,
      },
    };
  if (url.pathname !== WEBSOCKET_PATH) return { accept: false, status: 404, body: '{"error":"NotFound"}' };
  const appId = url.searchParams.get('app_id');
  if (appId === null || !APP_ID_PATTERN.test(appId))
    return { accept: false, status: 401, body: '{"error":"InvalidAppID"}' };
  // As the real server's blocked-origins check, but as an allowlist: only listed pages may connect.
  if (allowedOrigins && !allowedOrigins.has(request.headers.origin ?? ''))
    return { accept: false, status: 403, body: '{"error":"AccessRestricted"}' };
  const brand = url.searchParams.get('brand');
  return {
    accept: true,
    info: {
      api: 'v3',
      channel: undefined,
      boundAuth: undefined,
      appId,
      lang: normaliseLanguage(url.searchParams.get('l')),
      brand: brand && BRAND_PATTERN.test(brand) ? brand : DEFAULT_BRAND,
      appIdRegistered: registeredAppIds === undefined || registeredAppIds.has(appId),
      ...peerOf(request, trustedProxies),
    },
  };
}

/** Who is on the other end: the client's address (behind a trusted proxy, the one it forwarded) and its user agent. */
export function peerOf(
  request: IncomingMessage,
  trustedProxies: ReadonlySet<string>,
): Pick<ConnectionInfo, 'remoteAddress' | 'userAgent'> {
  return {
    remoteAddress: clientAddress(
      request.socket.remoteAddress ?? 'unknown',
      request.headers['x-forwarded-for'],
      trustedProxies,
    ),
    userAgent: request.headers['user-agent'] ?? '',
  };
}

/** Answers a refused upgrade with a plain HTTP response and ends the socket. */
export function refuseUpgrade(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
