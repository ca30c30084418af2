import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../protocol/close-codes.js';
import { IDLE_TIMEOUT_MS, MAX_INBOUND_BYTES, MAX_RESPONSE_BYTES } from '../protocol/limits.js';
import { localServerUrl, WEBSOCKET_PATH } from '../protocol/url.js';
import { AccountFeed } from './accounts/account-feed.js';
import { balanceControls, type BalanceControls } from './accounts/balance-controls.js';
import { accountCalls } from './calls/accounts.js';
import { CallRegistry } from './calls/registry.js';
import { marketCalls } from './calls/market.js';
import { streamCalls } from './calls/streams.js';
import { systemCalls } from './calls/system.js';
import type { ServerServices } from './calls/types.js';
import { systemClock } from './clock.js';
import { Market } from './market/market.js';
import { ClientConnection } from './connection.js';
import { decideUpgrade, refuseUpgrade, type ConnectionInfo } from './gateway.js';
import { guardRequests, guardUpgrades } from './http-guard.js';
import { HttpSocketLimits, httpTimeouts } from './http-sockets.js';
import { parseRequestTarget } from './request-target.js';
import { neverThrowing, silentLogger } from './logger.js';
import { Pipeline } from './pipeline.js';
import { MIN_RESPONSE_BYTES } from './reply-text.js';
import { RequestValidator } from './validation.js';
import type { SchemaObject } from 'ajv';
import { CALLS } from '../protocol/calls.js';
import { DEFAULT_RATE_LIMITS, publishedLimits } from '../protocol/rate-limits.js';
import type { CallContext } from './calls/types.js';
import { FaultInjector, type Fault } from './faults.js';
import type { LimitStore } from './limits/limit-store.js';
import { MemoryLimitStore } from './limits/memory-limit-store.js';
import { RateLimiter, windowOptions } from './limits/rate-limiter.js';
import { callSchema } from './schemas.js';
import type { ServerOptions } from './server-options.js';
import { loadStaticFiles } from './static-files.js';
import { FairScheduler } from './work/fair-scheduler.js';
import { isLoopback } from './loopback.js';
import { openServerStore } from './store/server-store.js';
import type { Store } from './store/store.js';

export type { ServerOptions } from './server-options.js';

/** Open connections from one address other than loopback, unless `maxConnectionsPerIp` says otherwise. */
const DEFAULT_MAX_CONNECTIONS_PER_IP = 1_000;

/** A request as `onRequest` listeners see it. */
export interface RequestEvent {
  call: string;
  connectionId: number;
  /** The account the connection is authorized as, if it is. */
  loginid: string | undefined;
  /** The request's `passthrough`, as sent: the client's own data, so tests can tell requests apart by it. */
  passthrough: unknown;
}

export interface HandleOptions {
  /** Our own JSON Schema for the request. Default: the call key's rule, `req_id`, `passthrough`, and any other field. */
  schema?: SchemaObject;
}

export interface LocalServer {
  /** The WebSocket URL with the test app id, ready for a client: `ws://127.0.0.1:PORT/websockets/v3?app_id=1089`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Open WebSocket connections. */
  readonly connectionCount: number;
  /** Live streams across all connections. */
  readonly subscriptionCount: number;
  /** The market's seed: start another server with it to see the same ticks. */
  readonly seed: number;
  /** Accounts, tokens and the ledger, in cents. */
  readonly store: Store;
  /** Balances in currency units, for tests to set the scene (`setBalance`, `adjustBalance`): each change is a ledger row. */
  readonly accounts: BalanceControls;
  /** The demo account's token, when the server made or found one (no `accounts` or `store` option). A secret: do not log it. */
  readonly demoToken: string | undefined;
  /** Closes every connection with 1001, stops listening, and clears every timer. */
  close(): Promise<void>;

  // Scripting, for our tests and yours.

  /**
   * Adds or replaces the handler of a call: return the payload (sent as `{[call]: payload}`),
   * a `Reply`, or `NO_REPLY`; throw `ApiError` to answer an error. The usual checks (sanity,
   * rate limit, validation, authorization) still run first. Returns the function that
   * restores the previous handler.
   */
  handle(call: string, handler: (context: CallContext) => unknown, options?: HandleOptions): () => void;
  /** Delays, fails or swallows the next requests of a call. Returns the function that removes the fault. */
  inject(call: string, fault: Fault): () => void;
  /** Cuts every connection: abruptly (the client sees 1006) by default, or with a close code. */
  dropAll(code?: number, reason?: string): void;
  /** Refuses new connections (HTTP 503 to the handshake) until `resume()`. Open ones stay. */
  pause(): void;
  resume(): void;
  /** Calls `listener` for every request that names a known call. Returns the function that stops it. */
  onRequest(listener: (event: RequestEvent) => void): () => void;
  /** How many requests of this call the server has received. */
  callCount(call: string): number;
}

/** Starts a local server that behaves like Deriv's v3 server. Resolves once it listens. */
export async function createServer(options: ServerOptions = {}): Promise<LocalServer> {
  const {
    host = '127.0.0.1',
    port = 0,
    idleTimeoutMs = IDLE_TIMEOUT_MS,
    maxPayloadBytes = MAX_INBOUND_BYTES,
    maxResponseBytes = MAX_RESPONSE_BYTES,
    pipelineTimeoutMs = 15_000,
    logger: givenLogger = silentLogger,
    clock = systemClock,
    closeTimeoutMs = 1_000,
    drainTimeoutMs = 5_000,
    maxConnections = 100_000,
    maxSubscriptionsPerConnection = 1_000,
    maxStreamEchoBytesPerConnection = MAX_INBOUND_BYTES,
    maxBufferedBytes = 1_048_576,
    handshakeTimeoutMs = 10_000,
  } = options;
  const logger = neverThrowing(givenLogger);
  // Our choice for a local server: loopback is exempt from the default per-IP cap (docs/limits.md).
  const perIpCap = (ip: string) => options.maxConnectionsPerIp ?? (isLoopback(ip) ? Infinity : DEFAULT_MAX_CONNECTIONS_PER_IP);
  if (!(maxResponseBytes >= MIN_RESPONSE_BYTES)) throw new RangeError(`maxResponseBytes must be at least ${MIN_RESPONSE_BYTES}: room for the ResponseTooLarge reply itself`);
  const streamLimits = { streams: maxSubscriptionsPerConnection, echoBytes: maxStreamEchoBytesPerConnection, messageBytes: maxResponseBytes };
  const registeredAppIds = options.appIds ? new Set([...options.appIds].map(String)) : undefined;
  const allowedOrigins = options.allowedOrigins ? new Set(options.allowedOrigins) : undefined;

  const serveStatic = options.staticDir ? await loadStaticFiles(options.staticDir) : undefined;
  // Opened after everything else that can refuse to start, so a refusal leaves no database open.
  const { store, demoToken, release: releaseStore } = await openServerStore(options, clock);
  const market = new Market(options.market ?? {}, clock);
  const accountFeed = new AccountFeed(store);
  const rateLimitOptions = options.rateLimits === false ? undefined : (options.rateLimits ?? {});
  const limits: LimitStore = options.limitStore ?? new MemoryLimitStore({ ...windowOptions(rateLimitOptions ?? {}), now: () => clock.now() });
  const rateLimiter = rateLimitOptions && new RateLimiter(rateLimitOptions, limits, () => clock.now());
  const services: ServerServices = {
    clock,
    market,
    store,
    accountFeed,
    apiCallLimits: publishedLimits(rateLimiter?.limits ?? DEFAULT_RATE_LIMITS),
    heavyWork: new FairScheduler(),
    authorizationThrottle: rateLimiter,
  };
  const calls = new CallRegistry([...systemCalls, ...marketCalls, ...streamCalls, ...accountCalls]);
  const faults = new FaultInjector();
  const requestListeners = new Set<(event: RequestEvent) => void>();
  const callCounts = new Map<string, number>();
  const pipeline = new Pipeline({
    calls,
    validator: new RequestValidator(),
    services,
    logger,
    maxResponseBytes,
    pipelineTimeoutMs,
    rateLimiter,
    faults,
    onRequest: (call, connection, request) => {
      callCounts.set(call, (callCounts.get(call) ?? 0) + 1);
      if (requestListeners.size === 0) return;
      const event = { call, connectionId: connection.id, loginid: connection.auth?.loginid, passthrough: request.passthrough };
      for (const listener of requestListeners) listener(event);
    },
  });
  let paused = false;

  const connections = new Set<ClientConnection>();
  const infoOf = new WeakMap<IncomingMessage, ConnectionInfo>();
  let closing: Promise<void> | undefined;

  // autoPong off: each connection answers pings itself, under its own maxBufferedBytes.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxPayloadBytes, perMessageDeflate: false, autoPong: false });
  wss.on('headers', (headers, request) => {
    const info = infoOf.get(request);
    if (info) headers.push(`Content-Language: ${info.lang.toLowerCase()}`);
  });

  const httpSockets = new HttpSocketLimits({ maxInAll: maxConnections, maxPerIp: perIpCap, maxUnsentBytes: maxBufferedBytes });
  const timeouts = httpTimeouts(handshakeTimeoutMs);
  const http = createHttpServer(
    timeouts.options,
    guardRequests((request: IncomingMessage, response: ServerResponse) => {
      if (!httpSockets.admitRequest(request, response)) return;
      const path = parseRequestTarget(request.url)?.pathname;
      if (path === undefined) {
        response.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request target\n');
        return;
      }
      if (path === WEBSOCKET_PATH) {
        response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' }).end('This endpoint speaks WebSocket.\n');
        return;
      }
      if (serveStatic?.(request, response)) return;
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
    }, logger),
  );
  // A socket on which nothing has moved for this long (a client that stopped reading its
  // answer) is dropped too; an open WebSocket turns this off on its socket.
  http.timeout = timeouts.stalledSocketMs;
  http.on('connection', (socket: Socket) => httpSockets.admit(socket));

  http.on('upgrade', guardUpgrades((request: IncomingMessage, socket: Duplex, head: Buffer) => {
    httpSockets.release(socket);
    if (closing || paused) return refuseUpgrade(socket, 503, '{"error":"ServiceUnavailable"}');
    if (connections.size >= maxConnections) return refuseUpgrade(socket, 503, '{"error":"ServiceUnavailable"}');
    const decision = decideUpgrade(request, registeredAppIds, allowedOrigins);
    if (!decision.accept) return refuseUpgrade(socket, decision.status, decision.body);
    const ip = decision.info.remoteAddress;
    const maxFromIp = perIpCap(ip);
    const capped = Number.isFinite(maxFromIp);
    const upgrade = () => {
      infoOf.set(request, decision.info);
      let upgraded = false;
      socket.once('close', () => {
        // Given back here only if the upgrade never completed; an open connection gives it back on its own close.
        if (!upgraded && capped) limits.releaseConnection(ip);
      });
      wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
        upgraded = true;
        const connection = new ClientConnection(ws, decision.info, {
          pipeline,
          idleTimeoutMs,
          maxBufferedBytes,
          streamLimits,
          onClose: (closed, code) => {
            connections.delete(closed);
            pipeline.connectionClosed(closed);
            if (capped) limits.releaseConnection(ip);
            rateLimiter?.connectionClosed(closed);
            logger.info(`connection ${closed.id} closed (${code})`);
          },
        });
        connections.add(connection);
        logger.info(`connection ${connection.id} opened from ${decision.info.remoteAddress} (app_id ${decision.info.appId})`);
      });
    };
    if (!capped) return upgrade();
    const proceed = (taken: boolean) => {
      if (!taken) return refuseUpgrade(socket, 429, '{"error":"TooManyConnections"}');
      // The client may have gone while the place was being taken (in a cluster, a round trip to the primary).
      if (socket.destroyed) return limits.releaseConnection(ip);
      upgrade();
    };
    const taken = limits.takeConnection(ip, maxFromIp);
    if (taken instanceof Promise) taken.then(proceed, () => refuseUpgrade(socket, 503, '{"error":"ServiceUnavailable"}'));
    else proceed(taken);
  }, logger));

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // Nothing will close what was opened for a server that never listened.
    market.close();
    accountFeed.close();
    await releaseStore();
    throw error;
  }
  const address = http.address() as AddressInfo;

  async function close(): Promise<void> {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
      // Drain: no new connections (the `closing` flag), replies in flight get drainTimeoutMs to go out.
      const deadline = performance.now() + drainTimeoutMs;
      while (pipeline.inFlight > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await Promise.all(
        [...connections].map(async (connection) => {
          // A client that never answers the closing handshake is dropped after closeTimeoutMs.
          const timer = setTimeout(() => connection.terminate(), closeTimeoutMs);
          connection.close(CloseCode.GoingAway, 'server shutting down');
          await connection.closed;
          clearTimeout(timer);
        }),
      );
      wss.close();
      market.close();
      http.closeAllConnections();
      await stopped;
      // Last: replies drained above may still have been writing to it.
      accountFeed.close();
      await releaseStore();
    })();
    return closing;
  }

  return {
    url: localServerUrl(address.address, address.port),
    host: address.address,
    port: address.port,
    get connectionCount() {
      return connections.size;
    },
    get subscriptionCount() {
      let count = 0;
      for (const connection of connections) count += connection.streams.size;
      return count;
    },
    seed: market.seed,
    store,
    accounts: balanceControls(store),
    demoToken,
    handle(call, handler, handleOptions = {}) {
      const previous = calls.get(call);
      const info = CALLS.get(call);
      const schema =
        handleOptions.schema ??
        (info ? callSchema(info) : { type: 'object', required: [call], properties: { req_id: { type: 'integer' }, passthrough: { type: 'object' } } });
      // Whether a call changes authorization is the call's, not its handler's: it keeps its place in the order.
      calls.define({ name: call, schema, handle: handler, ...(previous?.changesAuthorization ? { changesAuthorization: true } : {}) });
      return () => (previous ? calls.define(previous) : calls.remove(call));
    },
    inject: (call, fault) => faults.add(call, fault),
    dropAll(code, reason = '') {
      for (const connection of connections) {
        if (code === undefined) connection.terminate();
        else connection.close(code, reason);
      }
    },
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    onRequest(listener) {
      requestListeners.add(listener);
      return () => requestListeners.delete(listener);
    },
    callCount: (call) => callCounts.get(call) ?? 0,
    close,
  };
}
