import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../protocol/close-codes.js';
import { IDLE_TIMEOUT_MS, MAX_INBOUND_BYTES, MAX_RESPONSE_BYTES } from '../protocol/limits.js';
import { TEST_APP_ID, WEBSOCKET_PATH } from '../protocol/url.js';
import type { AccountStore } from './accounts/account-store.js';
import { parseAccountsConfig, type AccountsConfig } from './accounts/accounts-config.js';
import { MemoryAccountStore } from './accounts/memory-store.js';
import { accountCalls } from './calls/accounts.js';
import { CallRegistry } from './calls/registry.js';
import { marketCalls } from './calls/market.js';
import { streamCalls } from './calls/streams.js';
import { systemCalls } from './calls/system.js';
import type { ServerServices } from './calls/types.js';
import { systemClock, type Clock } from './clock.js';
import { Market, type MarketOptions } from './market/market.js';
import { ClientConnection } from './connection.js';
import { decideUpgrade, refuseUpgrade, type ConnectionInfo } from './gateway.js';
import { silentLogger, type Logger } from './logger.js';
import { Pipeline } from './pipeline.js';
import { RequestValidator } from './validation.js';

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
  /** How long `close()` waits for clients to finish the closing handshake before dropping them. Default 1 000 ms. */
  closeTimeoutMs?: number;
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
  /** The accounts; tests change balances through it (`setBalance`, `adjustBalance`). */
  readonly accounts: AccountStore;
  /** The demo account's token, when the server made one (no `accounts` option). A secret: do not log it. */
  readonly demoToken: string | undefined;
  /** Closes every connection with 1001, stops listening, and clears every timer. */
  close(): Promise<void>;
}

function resolveAccounts(option: ServerOptions['accounts']): { accounts: AccountStore; demoToken: string | undefined } {
  if (option === undefined) {
    const demo = MemoryAccountStore.withDemoAccount();
    return { accounts: demo.store, demoToken: demo.token };
  }
  if ('grantFor' in option) return { accounts: option, demoToken: undefined };
  return { accounts: new MemoryAccountStore(parseAccountsConfig(option)), demoToken: undefined };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
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
    logger = silentLogger,
    clock = systemClock,
    closeTimeoutMs = 1_000,
  } = options;
  const registeredAppIds = options.appIds ? new Set([...options.appIds].map(String)) : undefined;

  const market = new Market(options.market ?? {}, clock);
  const { accounts, demoToken } = resolveAccounts(options.accounts);
  const services: ServerServices = { clock, market, accounts };
  const pipeline = new Pipeline({
    calls: new CallRegistry([...systemCalls, ...marketCalls, ...streamCalls, ...accountCalls]),
    validator: new RequestValidator(),
    services,
    logger,
    maxResponseBytes,
    pipelineTimeoutMs,
  });

  const connections = new Set<ClientConnection>();
  const infoOf = new WeakMap<IncomingMessage, ConnectionInfo>();
  let closing: Promise<void> | undefined;

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxPayloadBytes, perMessageDeflate: false });
  wss.on('headers', (headers, request) => {
    const info = infoOf.get(request);
    if (info) headers.push(`Content-Language: ${info.lang.toLowerCase()}`);
  });

  const http = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === WEBSOCKET_PATH) {
      response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' }).end('This endpoint speaks WebSocket.\n');
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not take the server down.
    socket.on('error', () => socket.destroy());
    if (closing) return refuseUpgrade(socket, 503, '{"error":"ServerShuttingDown"}');
    const decision = decideUpgrade(request, registeredAppIds);
    if (!decision.accept) return refuseUpgrade(socket, decision.status, decision.body);
    infoOf.set(request, decision.info);
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const connection = new ClientConnection(ws, decision.info, {
        pipeline,
        idleTimeoutMs,
        onClose: (closed, code) => {
          connections.delete(closed);
          logger.info(`connection ${closed.id} closed (${code})`);
        },
      });
      connections.add(connection);
      logger.info(`connection ${connection.id} opened from ${decision.info.remoteAddress} (app_id ${decision.info.appId})`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;

  async function close(): Promise<void> {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
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
    })();
    return closing;
  }

  return {
    url: `ws://${urlHost(address.address)}:${address.port}${WEBSOCKET_PATH}?app_id=${TEST_APP_ID}`,
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
    accounts,
    demoToken,
    close,
  };
}
