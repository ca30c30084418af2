import { OPTIONS_LIMITS } from '../protocol/options-api.js';
import { DEFAULT_RATE_LIMITS, publishedLimits } from '../protocol/rate-limits.js';
import { FAMILIES } from './calls/families.js';
import type { AnyCallFamily, ConnectionSlot, StartedFamily } from './calls/family.js';
import { CallRegistry } from './calls/registry.js';
import type { CoreServices, ServerServices } from './calls/types.js';
import { systemClock, type Clock } from './clock.js';
import { errorSummary } from './error-summary.js';
import { FaultInjector } from './faults.js';
import type { LimitStore } from './limits/limit-store.js';
import { MemoryLimitStore } from './limits/memory-limit-store.js';
import { RedisLimitStore } from './limits/redis-limit-store.js';
import { RateLimiter, windowOptions } from './limits/rate-limiter.js';
import type { Logger } from './logger.js';
import { Pipeline, type PipelineConnection } from './pipeline.js';
import { OPTION_DEFAULTS } from './option-table.js';
import { redisTarget, type ServerOptions } from './server-options.js';
import { RequestValidator } from './validation.js';
import { FairScheduler } from './work/fair-scheduler.js';

export interface CompositionSettings {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxResponseBytes: number;
  readonly pipelineTimeoutMs: number;
  /** Every request that names a known call, before it is handled (the scripting API counts them). */
  readonly onRequest: (call: string, connection: PipelineConnection, request: Record<string, unknown>) => void;
}

/** A connection as the composition sees it when it closes: the pipeline's, with its families' state. */
export interface ComposedConnection extends PipelineConnection {
  readonly states: { teardown(): Error[] };
}

/** The server minus its HTTP front: services, call families, the store, and the pipeline that runs requests through them. */
export interface Composition {
  readonly services: ServerServices;
  readonly calls: CallRegistry;
  readonly faults: FaultInjector;
  readonly pipeline: Pipeline;
  /** Where connections per IP are counted (the HTTP front takes and gives back places in it). */
  readonly limits: LimitStore;
  /** Every per-connection state the families declare. */
  readonly connectionSlots: ReadonlySet<ConnectionSlot<unknown>>;
  /** A connection has closed: its requests, its rate-limit keys and its families' state go. */
  connectionClosed(connection: ComposedConnection): void;
  /** Stops every family, last started first (the store closes after the market). Call once connections are gone. */
  stop(): Promise<void>;
}

/** Starts the families in order, and puts the pipeline together over their services. */
export async function compose(
  options: ServerOptions,
  settings: CompositionSettings,
  families: readonly AnyCallFamily[] = FAMILIES,
): Promise<Composition> {
  const { clock, logger } = settings;
  const rateLimits = options.rateLimits ?? OPTION_DEFAULTS.rateLimits;
  const rateLimitOptions = rateLimits === false ? undefined : rateLimits;
  // Rate windows are wall-clock whatever the market's speed, as the cluster's are: they are about
  // the wire, and a budget per minute of a market run at 50× would be fifty times as loose.
  const wallNow = () => systemClock.now();
  const windows = windowOptions(rateLimitOptions ?? {});
  /** The fleet's limit store, when this server opened one (it closes it too). */
  let fleetLimits: RedisLimitStore | undefined;

  const started: Array<{ family: AnyCallFamily; run: StartedFamily<object> }> = [];
  const stop = async () => {
    for (const { family, run } of started.splice(0).reverse()) {
      try {
        await run.stop?.();
      } catch (error) {
        logger.error(`call family ${family.name} failed to stop: ${errorSummary(error)}`);
      }
    }
    await fleetLimits?.close().catch((error: unknown) => {
      logger.error(`the rate-limit store failed to close: ${errorSummary(error)}`);
    });
  };
  let limits: LimitStore;
  try {
    for (const family of families) {
      const earlier = Object.assign({}, ...started.map(({ run }) => run.services));
      started.push({ family, run: (await family.start?.({ options, clock, logger, earlier })) ?? { services: {} } });
    }
    // After the families: an unreachable Redis is then reported by the store, as one line.
    if (options.limitStore) limits = options.limitStore;
    else if (options.redis !== undefined) {
      // On a fleet's Redis, the budgets and per-IP caps hold for the whole fleet (docs/scale-out.md).
      const { minuteMs, hourMs } = windows;
      fleetLimits = await RedisLimitStore.open({
        ...redisTarget(options.redis),
        ...(minuteMs !== undefined ? { minuteMs } : {}),
        ...(hourMs !== undefined ? { hourMs } : {}),
      });
      limits = fleetLimits;
    } else limits = new MemoryLimitStore({ ...windows, now: wallNow });
  } catch (error) {
    await stop();
    throw error;
  }
  const rateLimiter = rateLimitOptions && new RateLimiter(rateLimitOptions, limits, wallNow);

  const apiCallLimits = publishedLimits(rateLimiter?.limits ?? DEFAULT_RATE_LIMITS);
  const core: CoreServices = {
    clock,
    apiCallLimits,
    heavyWork: new FairScheduler(),
    authorizationThrottle: rateLimiter,
    websiteStatus: () => {
      const fields: Record<string, unknown> = { api_call_limits: apiCallLimits };
      for (const { family, run } of started) Object.assign(fields, family.websiteStatus?.(run.services));
      // In key order, as the real server's JSON is.
      return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)));
    },
  };
  const services = Object.assign({}, ...started.map(({ run }) => run.services), core) as ServerServices;
  const calls = new CallRegistry(families.flatMap((family) => family.calls));
  const faults = new FaultInjector();
  const pipeline = new Pipeline({
    calls,
    validator: new RequestValidator(),
    services,
    logger,
    maxResponseBytes: settings.maxResponseBytes,
    pipelineTimeoutMs: settings.pipelineTimeoutMs,
    rateLimiter,
    optionsRequestRate: rateLimitOptions && OPTIONS_LIMITS.requestsPerSecond,
    faults,
    onRequest: settings.onRequest,
  });
  const connectionSlots = new Set(
    families.flatMap((family) => (family.connectionState ? [family.connectionState] : [])),
  );

  return {
    services,
    calls,
    faults,
    pipeline,
    limits,
    connectionSlots,
    connectionClosed(connection) {
      pipeline.connectionClosed(connection);
      rateLimiter?.connectionClosed(connection);
      for (const failure of connection.states.teardown())
        logger.error(`connection ${connection.id}: a family's state failed to tear down: ${errorSummary(failure)}`);
    },
    stop,
  };
}
