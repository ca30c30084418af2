import { hostForUrl, localServerUrl } from '../protocol/url.js';
import { balanceControls, type BalanceControls } from './accounts/balance-controls.js';
import { FAMILIES } from './calls/families.js';
import type { AnyCallFamily } from './calls/family.js';
import { compose } from './composition.js';
import { startHttpFront, type HttpFront } from './http-front.js';
import { neverThrowing } from './logger.js';
import { isLoopback } from './loopback.js';
import { OPTION_DEFAULTS } from './option-table.js';
import { MIN_RESPONSE_BYTES } from './reply-text.js';
import { RequestWatch, scriptingApi, type ScriptingApi } from './scripting.js';
import type { ServerOptions } from './server-options.js';
import { trustedProxySet } from './client-address.js';
import { loadStaticFiles } from './static-files.js';
import { startOptionsApi, type OptionsApi, type OptionsApiHooks } from './options-api/options-api.js';
import type { Store } from './store/store.js';

export type { ServerOptions } from './server-options.js';
export type { HandleOptions, RequestEvent } from './scripting.js';

/**
 * A running local server: three parts put together here. The composition (composition.ts)
 * starts the call families and their services (the market, the store) and the pipeline over
 * them; the HTTP front (http-front.ts) listens and holds the connections; the scripting API
 * (scripting.ts) is what tests do to it.
 */
export interface LocalServer extends ScriptingApi, OptionsApiHooks {
  /** The WebSocket URL with the test app id, ready for a client: `ws://127.0.0.1:PORT/websockets/v3?app_id=1089`. */
  readonly url: string;
  /**
   * The new API's REST host, as Deriv's is `https://api.derivws.com`: `http://127.0.0.1:PORT`, the
   * client's `restUrl`; its calls are under `/trading/v1/options` and need a token and a `Deriv-App-ID`.
   */
  readonly restUrl: string;
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
  /** Closes every connection with 1001, stops listening, stops the families (the store last), and clears every timer. */
  close(): Promise<void>;
}

/** Starts a local server that behaves like Deriv's v3 server. Resolves once it listens. */
export function createServer(options: ServerOptions = {}): Promise<LocalServer> {
  return startServer(options, FAMILIES);
}

/** createServer with another list of call families (tests of the family seam). */
export async function startServer(options: ServerOptions, families: readonly AnyCallFamily[]): Promise<LocalServer> {
  // Every default is the option table's (option-table.ts), where serve's flags find them too.
  const D = OPTION_DEFAULTS;
  const {
    host = D.host,
    port = D.port,
    idleTimeoutMs = D.idleTimeoutMs,
    maxPayloadBytes = D.maxPayloadBytes,
    maxResponseBytes = D.maxResponseBytes,
    pipelineTimeoutMs = D.pipelineTimeoutMs,
    logger: givenLogger = D.logger,
    clock = D.clock,
    closeTimeoutMs = D.closeTimeoutMs,
    drainTimeoutMs = D.drainTimeoutMs,
    maxConnections = D.maxConnections,
    maxSubscriptionsPerConnection = D.maxSubscriptionsPerConnection,
    maxStreamEchoBytesPerConnection = D.maxStreamEchoBytesPerConnection,
    maxBufferedBytes = D.maxBufferedBytes,
    handshakeTimeoutMs = D.handshakeTimeoutMs,
  } = options;
  const logger = neverThrowing(givenLogger);
  // Our choice for a local server: loopback is exempt from the default per-IP cap (docs/limits.md).
  const perIpCap = (ip: string) => options.maxConnectionsPerIp ?? (isLoopback(ip) ? Infinity : D.maxConnectionsPerIp);
  if (!(maxResponseBytes >= MIN_RESPONSE_BYTES))
    throw new RangeError(
      `maxResponseBytes must be at least ${MIN_RESPONSE_BYTES}: room for the ResponseTooLarge reply itself`,
    );
  const streamLimits = {
    streams: maxSubscriptionsPerConnection,
    echoBytes: maxStreamEchoBytesPerConnection,
    messageBytes: maxResponseBytes,
  };
  const registeredAppIds = options.appIds ? new Set([...options.appIds].map(String)) : undefined;
  const allowedOrigins = options.allowedOrigins ? new Set(options.allowedOrigins) : undefined;
  const trustedProxies = trustedProxySet(options.trustedProxies);

  // Loaded before the families start, so a missing folder leaves no database open.
  const serveStatic = options.staticDir ? await loadStaticFiles(options.staticDir) : undefined;
  const watch = new RequestWatch();
  const composition = await compose(
    options,
    { clock, logger, maxResponseBytes, pipelineTimeoutMs, onRequest: watch.record },
    families,
  );
  let front: HttpFront | undefined;
  let optionsApi: OptionsApi;
  try {
    optionsApi = await startOptionsApi(options, composition, logger, () => front!.address);
  } catch (error) {
    await composition.stop();
    throw error;
  }
  try {
    front = await startHttpFront(
      {
        host,
        port,
        idleTimeoutMs,
        maxPayloadBytes,
        maxBufferedBytes,
        maxConnections,
        perIpCap,
        handshakeTimeoutMs,
        closeTimeoutMs,
        drainTimeoutMs,
        streamLimits,
        registeredAppIds,
        allowedOrigins,
        trustedProxies,
        serveStatic,
        logger,
        optionsRest: optionsApi.rest,
        otps: optionsApi.otps,
      },
      composition,
    );
  } catch (error) {
    // Nothing will close what was started for a server that never listened.
    await optionsApi.close();
    await composition.stop();
    throw error;
  }
  const { services } = composition;
  const listening = front;
  let closing: Promise<void> | undefined;
  return {
    ...scriptingApi(composition, listening, watch),
    url: localServerUrl(listening.address.address, listening.address.port),
    restUrl: `http://${hostForUrl(listening.address.address)}:${listening.address.port}`,
    host: listening.address.address,
    port: listening.address.port,
    get connectionCount() {
      return listening.connections.size;
    },
    get subscriptionCount() {
      let count = 0;
      for (const connection of listening.connections) count += connection.streams.size;
      return count;
    },
    expireOtps: optionsApi.hooks.expireOtps,
    revokeToken: optionsApi.hooks.revokeToken,
    get otpsIssued() {
      return optionsApi.hooks.otpsIssued;
    },
    seed: services.market.seed,
    store: services.store,
    accounts: balanceControls(services.store),
    demoToken: services.demoToken,
    close: () =>
      (closing ??= (async () => {
        await listening.close();
        await optionsApi.close();
        // Last: the replies drained above may still have been writing to the store.
        await composition.stop();
      })()),
  };
}
