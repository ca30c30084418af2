import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../protocol/close-codes.js';
import { WEBSOCKET_PATH } from '../protocol/url.js';
import type { Composition } from './composition.js';
import { ClientConnection } from './connection.js';
import { decideUpgrade, refuseUpgrade, type ConnectionInfo } from './gateway.js';
import { guardRequests, guardUpgrades } from './http-guard.js';
import { HttpSocketLimits, httpTimeouts } from './http-sockets.js';
import type { Logger } from './logger.js';
import { parseRequestTarget } from './request-target.js';
import { errorSummary } from './error-summary.js';
import type { StreamLimits } from './streams/stream-table.js';
import { addressKey } from './limits/address-key.js';
import { takePlaces, type Place } from './limits/connection-places.js';
import { OPTIONS_LIMITS, optionsChannelOf } from '../protocol/options-api.js';
import { accountRefusalBody, decideAccountUpgrade } from './options-api/account-upgrade.js';
import { REST_ERRORS } from './options-api/envelopes.js';
import type { OtpStore } from './options-api/otp-store.js';

/** What the HTTP front is told, every default already applied (createServer resolves them). */
export interface HttpFrontSettings {
  readonly host: string;
  readonly port: number;
  readonly idleTimeoutMs: number;
  readonly maxPayloadBytes: number;
  readonly maxBufferedBytes: number;
  readonly maxConnections: number;
  /** The most open connections from `ip`: Infinity for none. */
  readonly perIpCap: (ip: string) => number;
  readonly handshakeTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly drainTimeoutMs: number;
  readonly streamLimits: StreamLimits;
  readonly registeredAppIds: ReadonlySet<string> | undefined;
  readonly allowedOrigins: ReadonlySet<string> | undefined;
  /** Proxies whose `X-Forwarded-For` names the client (client-address.ts); their own sockets are not capped per IP. */
  readonly trustedProxies: ReadonlySet<string>;
  /** Answers a plain HTTP request from the static folder, or returns false. */
  readonly serveStatic: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined;
  readonly logger: Logger;
  /** The new API's REST calls (options-api/rest-front.ts): true when it answered the request. */
  readonly optionsRest: (request: IncomingMessage, response: ServerResponse, pathname: string) => boolean;
  /** Where the account sockets' OTPs are redeemed. */
  readonly otps: OtpStore;
}

/** The server's face to the network: HTTP, the WebSocket upgrade, static files and the connection limits. */
export interface HttpFront {
  readonly address: AddressInfo;
  readonly connections: ReadonlySet<ClientConnection>;
  /** While true, new connections get HTTP 503; open ones stay. */
  paused: boolean;
  /** Stops listening, drains replies in flight, closes every connection with 1001. */
  close(): Promise<void>;
}

/** Listens, and hands each accepted WebSocket to a connection on the composition's pipeline. */
export async function startHttpFront(settings: HttpFrontSettings, composition: Composition): Promise<HttpFront> {
  const { logger, maxConnections, perIpCap, maxBufferedBytes } = settings;
  const { pipeline, limits } = composition;
  const connections = new Set<ClientConnection>();
  const infoOf = new WeakMap<IncomingMessage, ConnectionInfo>();
  let closing: Promise<void> | undefined;
  let paused = false;

  // autoPong off: each connection answers pings itself, under its own maxBufferedBytes.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxPayloadBytes,
    perMessageDeflate: false,
    autoPong: false,
  });
  wss.on('headers', (headers, request) => {
    const info = infoOf.get(request);
    if (info) headers.push(`Content-Language: ${info.lang.toLowerCase()}`);
  });

  /** The trusted proxies as plain sockets are counted (addressKey: an IPv6 one by its /64). */
  const proxyKeys = new Set([...settings.trustedProxies].map(addressKey));
  const httpSockets = new HttpSocketLimits({
    maxInAll: maxConnections,
    // A trusted proxy carries many clients' handshakes: each is capped as its client once it upgrades.
    maxPerIp: (ip) => (proxyKeys.has(ip) ? Infinity : perIpCap(ip)),
    maxUnsentBytes: maxBufferedBytes,
  });
  const timeouts = httpTimeouts(settings.handshakeTimeoutMs);
  const http = createHttpServer(
    timeouts.options,
    guardRequests((request: IncomingMessage, response: ServerResponse) => {
      if (!httpSockets.admitRequest(request, response)) return;
      const path = parseRequestTarget(request.url)?.pathname;
      if (path === undefined) {
        response.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request target\n');
        return;
      }
      if (path === WEBSOCKET_PATH || optionsChannelOf(path) !== undefined) {
        response
          .writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' })
          .end('This endpoint speaks WebSocket.\n');
        return;
      }
      if (settings.optionsRest(request, response, path)) return;
      if (settings.serveStatic?.(request, response)) return;
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
    }, logger),
  );
  // A socket on which nothing has moved for this long (a client that stopped reading its
  // answer) is dropped too; an open WebSocket turns this off on its socket.
  http.timeout = timeouts.stalledSocketMs;
  http.on('connection', (socket: Socket) => httpSockets.admit(socket));

  /**
   * Takes the connection's places (its user's, for an account socket, then its IP's), in order,
   * and upgrades; a place refused answers 429 and gives back those taken. Taken synchronously
   * when the limit store answers at once, so a single process pays for no promise.
   */
  const admit = (request: IncomingMessage, socket: Duplex, head: Buffer, info: ConnectionInfo, first: Place[]) => {
    const ip = addressKey(info.remoteAddress);
    const maxFromIp = perIpCap(ip);
    const places = Number.isFinite(maxFromIp)
      ? [...first, { key: ip, max: maxFromIp, refusal: '{"error":"TooManyConnections"}' }]
      : first;
    const release = () => {
      for (const place of places) limits.releaseConnection(place.key);
    };
    const upgrade = () => {
      infoOf.set(request, info);
      let upgraded = false;
      socket.once('close', () => {
        // Given back here only if the upgrade never completed; an open connection gives them back on its own close.
        if (!upgraded) release();
      });
      wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
        upgraded = true;
        const connection = new ClientConnection(ws, info, {
          pipeline,
          idleTimeoutMs: settings.idleTimeoutMs,
          maxBufferedBytes,
          streamLimits: settings.streamLimits,
          connectionSlots: composition.connectionSlots,
          onClose: (closed, code) => {
            connections.delete(closed);
            composition.connectionClosed(closed);
            release();
            logger.info(`connection ${closed.id} closed (${code})`);
          },
        });
        connections.add(connection);
        logger.info(
          info.api === 'v3'
            ? `connection ${connection.id} opened from ${info.remoteAddress} (app_id ${info.appId})`
            : `connection ${connection.id} opened from ${info.remoteAddress} (${info.channel} socket, app ${info.appId})`,
        );
      });
    };
    takePlaces(limits, places, (refused, taken) => {
      if (refused) {
        for (const place of taken) limits.releaseConnection(place.key);
        return refuseUpgrade(
          socket,
          refused === 'unavailable' ? 503 : 429,
          refused === 'unavailable' ? '{"error":"ServiceUnavailable"}' : refused.refusal,
        );
      }
      // The client may have gone while the places were being taken (in a cluster, a round trip to the primary).
      if (socket.destroyed) return release();
      try {
        upgrade();
      } catch (error) {
        // Here after a promise too, where guardUpgrades no longer catches: a throw must not end the process.
        logger.error(`failed answering a WebSocket handshake: ${errorSummary(error)}`);
        socket.destroy();
      }
    });
  };

  http.on(
    'upgrade',
    guardUpgrades((request: IncomingMessage, socket: Duplex, head: Buffer) => {
      httpSockets.release(socket);
      if (closing || paused) return refuseUpgrade(socket, 503, '{"error":"ServiceUnavailable"}');
      if (connections.size >= maxConnections) return refuseUpgrade(socket, 503, '{"error":"ServiceUnavailable"}');
      const url = parseRequestTarget(request.url);
      const channel = url && optionsChannelOf(url.pathname);
      if (!url || (channel !== 'demo' && channel !== 'real')) {
        const decision = decideUpgrade(
          request,
          settings.registeredAppIds,
          settings.allowedOrigins,
          settings.trustedProxies,
        );
        if (!decision.accept) return refuseUpgrade(socket, decision.status, decision.body);
        return admit(request, socket, head, decision.info, []);
      }
      // An account socket: its OTP is redeemed first (asynchronously: on a fleet, in Redis), then its user's cap.
      decideAccountUpgrade(request, url, channel, settings.otps, settings.trustedProxies)
        .then((decision) => {
          if (!decision.accept) return refuseUpgrade(socket, decision.status, decision.body);
          if (closing || paused) return refuseUpgrade(socket, 503, '{"error":"ServiceUnavailable"}');
          const userPlace: Place = {
            key: `user:${decision.userId}`,
            max: OPTIONS_LIMITS.connectionsPerUser,
            refusal: accountRefusalBody(REST_ERRORS.tooManyConnections(), url.pathname),
          };
          admit(request, socket, head, decision.info, [userPlace]);
        })
        .catch((error: unknown) => {
          // As guardUpgrades does for what throws at once: never the OTP, only the error's kind.
          logger.error(`failed answering an account socket's handshake (answered 500): ${errorSummary(error)}`);
          if ((socket as Duplex & { bytesWritten?: number }).bytesWritten) socket.destroy();
          else refuseUpgrade(socket, 500, accountRefusalBody(REST_ERRORS.internal(), url.pathname));
        });
    }, logger),
  );

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(settings.port, settings.host, () => {
      http.off('error', reject);
      resolve();
    });
  });

  return {
    address: http.address() as AddressInfo,
    connections,
    get paused() {
      return paused;
    },
    set paused(value: boolean) {
      paused = value;
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        // Drain: no new connections (the `closing` flag), replies in flight get drainTimeoutMs to go out.
        const deadline = performance.now() + settings.drainTimeoutMs;
        while (pipeline.inFlight > 0 && performance.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 10));
        await Promise.all(
          [...connections].map(async (connection) => {
            // A client that never answers the closing handshake is dropped after closeTimeoutMs.
            const timer = setTimeout(() => connection.terminate(), settings.closeTimeoutMs);
            connection.close(CloseCode.GoingAway, 'server shutting down');
            await connection.closed;
            clearTimeout(timer);
          }),
        );
        wss.close();
        http.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}
