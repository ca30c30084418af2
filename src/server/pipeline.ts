import { CALLS } from '../protocol/calls.js';
import { ApiError, apiErrors } from './api-error.js';
import type { CallRegistry } from './calls/registry.js';
import {
  NO_REPLY,
  Reply,
  type CallContext,
  type CallDefinition,
  type ConnectionHandle,
  type ServerServices,
} from './calls/types.js';
import { echoOf, errorReply, NO_ECHO, successReply, type Echo } from './envelope.js';
import type { Logger } from './logger.js';
import { injectedError, type Fault, type FaultInjector } from './faults.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import { replyText } from './reply-text.js';
import { RequestOrder } from './request-order.js';
import { passesSanityCheck } from './sanity.js';
import { RequestStreams } from './streams/request-streams.js';
import type { RequestValidator } from './validation.js';
import { errorSummary } from './error-summary.js';
import { LimitStoreUnavailable } from './limits/limit-store.js';
import type { OptionsCall } from '../protocol/options-renames.js';
import { optionsFields } from './options-api/options-responses.js';
import { optionsSchema, toV3Request } from './options-api/options-schemas.js';
import { RequestRate } from './options-api/request-rate.js';
import { StoreUnavailable } from './store/errors.js';

/** The connection as the pipeline sees it. */
export interface PipelineConnection extends ConnectionHandle {
  /** False when the server keeps an app id allowlist and this id is not on it. */
  readonly appIdRegistered: boolean;
  readonly remoteAddress: string;
  readonly userAgent: string;
  /** Ends the connection with a close frame that carries no status (the client sees 1005). */
  closeWithoutStatus(): void;
  /** Stops reading the client's messages (TCP pushes back), while earlier ones are held in order. */
  pauseReading(): void;
  resumeReading(): void;
}

export interface PipelineOptions {
  calls: CallRegistry;
  validator: RequestValidator;
  services: ServerServices;
  logger: Logger;
  /** Replies longer than this (UTF-8 bytes) become `ResponseTooLarge`; at least `MIN_RESPONSE_BYTES`. */
  maxResponseBytes: number;
  /** A handler slower than this answers `Timeout`, as the real server's 15 s pipeline limit does. */
  pipelineTimeoutMs: number;
  /** Fixed-window limits, counted in this process or elsewhere; undefined turns rate limiting off. */
  rateLimiter?: RateLimiter | undefined;
  /** The new API's requests per second per connection (OPTIONS_LIMITS); undefined turns that limit off. */
  optionsRequestRate?: number | undefined;
  faults: FaultInjector;
  /** Told of every request that names a known call, before any check but the sanity check. */
  onRequest?: ((call: string, connection: PipelineConnection, request: Record<string, unknown>) => void) | undefined;
}

/** A request on its way through the pipeline. */
interface Inbound {
  readonly connection: PipelineConnection;
  readonly request: Record<string, unknown>;
  readonly echo: Echo;
  /** The streams this request opens; an error reply stops them. */
  readonly requestStreams: RequestStreams;
  definition?: CallDefinition;
  args?: Record<string, unknown>;
  /** Behind the handler's `signal`; made only for handlers that ask for it (one costs about 10 µs). */
  controller?: AbortController;
  /** Why nobody waits for the reply any more, once that is so: a signal made later starts aborted. */
  abandoned?: Error;
}

/** What the pipeline keeps for a connection that has sent requests. */
interface ConnectionWork {
  readonly order: RequestOrder<Inbound>;
  /** Requests being worked on asynchronously, to abort when the connection goes. */
  readonly answering: Set<Inbound>;
}

/**
 * A step before the handler. It throws `ApiError` to answer with an error; otherwise the
 * request moves on. The order is the real server's (docs/PROTOCOL-NOTES.md, "Request pipeline").
 */
type Stage = (inbound: Inbound) => void;

/**
 * Every request passes the same stages, in this order:
 *
 *   sanity check → dispatch → (its place in the connection's order) → rate limit →
 *   validation → authorization → app id → handler
 *
 * Rate limiting comes before validation on purpose: the real server counts invalid
 * requests against the limit too. It may answer later (a cluster counts in the primary);
 * the stages after it then run when it has.
 */
export class Pipeline {
  readonly #options: PipelineOptions;
  /** The stages after the rate limit. */
  readonly #stages: readonly Stage[];
  /** Per connection with requests owed an answer, or held in order. */
  readonly #work = new Map<PipelineConnection, ConnectionWork>();
  /** The new API's request rate of each of its connections. */
  readonly #optionsRates = new WeakMap<PipelineConnection, RequestRate>();
  /** When a store out of reach was last logged (see #replyError). */
  #unavailableLoggedAt = -Infinity;

  constructor(options: PipelineOptions) {
    this.#options = options;
    this.#stages = [this.#validate, this.#authorize, this.#checkAppId];
  }

  /** Answers one decoded JSON value from a connection. Never throws. */
  handle(connection: PipelineConnection, value: unknown): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.#send(connection, errorReply(NO_ECHO, 'error', apiErrors.badRequest()));
      return;
    }
    const request = value as Record<string, unknown>;
    const inbound: Inbound = {
      connection,
      request,
      echo: echoOf(request),
      requestStreams: new RequestStreams(connection.streams),
    };
    try {
      this.#checkSanity(inbound);
      this.#dispatch(inbound);
    } catch (error) {
      this.#replyError(inbound, error);
      return;
    }
    this.#workOf(connection).order.arrive(inbound);
  }

  #workOf(connection: PipelineConnection): ConnectionWork {
    let work = this.#work.get(connection);
    if (!work) {
      const order = new RequestOrder<Inbound>(
        (inbound) => inbound.definition!.changesAuthorization === true,
        (inbound) => this.#start(inbound),
        (holding) => (holding ? connection.pauseReading() : connection.resumeReading()),
      );
      work = { order, answering: new Set() };
      this.#work.set(connection, work);
    }
    return work;
  }

  /** Runs a request from the rate limit on; true when it was answered at once. */
  #start(inbound: Inbound): boolean {
    try {
      const admitted = this.#limitRate(inbound);
      if (admitted instanceof Promise) {
        this.#settleLater(
          inbound,
          admitted.then((within) => {
            if (!within) throw this.#rateLimitError(inbound);
            return this.#answer(inbound);
          }),
        );
        return false;
      }
      if (!admitted) throw this.#rateLimitError(inbound);
      const result = this.#answer(inbound);
      if (isPromise(result)) {
        this.#settleLater(inbound, result);
        return false;
      }
      this.#reply(inbound, result);
    } catch (error) {
      this.#replyError(inbound, error);
    }
    return true;
  }

  /** The stages after the rate limit, then the handler: its result, or a promise of it. */
  #answer(inbound: Inbound): unknown {
    for (const stage of this.#stages) stage(inbound);
    const definition = inbound.definition!;
    const context: CallContext = {
      call: definition.name,
      args: inbound.args!,
      echo: inbound.echo,
      requestStreams: inbound.requestStreams,
      connection: inbound.connection,
      services: this.#options.services,
      get signal() {
        if (!inbound.controller) {
          inbound.controller = new AbortController();
          if (inbound.abandoned) inbound.controller.abort(inbound.abandoned);
        }
        return inbound.controller.signal;
      },
      get abandoned() {
        return inbound.abandoned !== undefined;
      },
    };
    const fault = this.#options.faults.take(definition.name);
    return fault ? this.#withFault(fault, () => definition.handle(context)) : definition.handle(context);
  }

  readonly #checkSanity: Stage = ({ request }) => {
    if (!passesSanityCheck(request)) throw apiErrors.sanityCheckFailed();
  };

  readonly #dispatch: Stage = (inbound) => {
    const definition = this.#options.calls.dispatch(inbound.request, inbound.connection.api);
    if (!definition) throw apiErrors.unrecognisedRequest();
    inbound.definition = definition;
    this.#options.onRequest?.(definition.name, inbound.connection, inbound.request);
  };

  /** Fixed 1-minute and 1-hour windows per IP and User-Agent, or per account once authorized; `ping` and `time` are exempt. */
  #limitRate({ connection, definition }: Inbound): boolean | Promise<boolean> {
    // The new API publishes one limit instead: requests per second per connection, every call counted.
    if (connection.api === 'options') {
      const limit = this.#options.optionsRequestRate;
      if (limit === undefined) return true;
      let rate = this.#optionsRates.get(connection);
      if (!rate) this.#optionsRates.set(connection, (rate = new RequestRate(limit)));
      return rate.admit(performance.now());
    }
    return this.#options.rateLimiter?.admit(connection, definition!.name) ?? true;
  }

  #rateLimitError({ connection, definition }: Inbound) {
    return connection.api === 'options'
      ? apiErrors.optionsRequestRate(this.#options.optionsRequestRate!)
      : apiErrors.rateLimit(definition!.name);
  }

  /**
   * The new API's requests are checked exactly against its own schema (built from the v3 one by
   * the renames table) and then renamed to v3's names for the handler; `echo_req` keeps them as sent.
   */
  readonly #validate: Stage = (inbound) => {
    const { definition, request, connection } = inbound;
    const { validator } = this.#options;
    if (connection.api !== 'options') {
      inbound.args = validator.validate(definition!.schema, request);
      return;
    }
    const call = definition!.name as OptionsCall;
    inbound.args = toV3Request(call, validator.validateExact(optionsSchema(call, definition!.schema), request));
  };

  /**
   * From the call table: a call that needs authorization meets `AuthorizationRequired` on a
   * connection that has not authorized, and `PermissionDenied` when the token has none of
   * the call's scopes. Calls the server does not simulate are checked too, before they
   * answer `NotSimulated`. On the new API's public socket the account calls meet the same
   * `AuthorizationRequired` "Please log in.": a guess, as Deriv documents no error for them.
   */
  readonly #authorize: Stage = ({ connection, definition }) => {
    const info = CALLS.get(definition!.name);
    if (!info?.authRequired) return;
    const auth = connection.auth;
    if (!auth) throw apiErrors.authorizationRequired();
    if (info.scopes.length > 0 && !info.scopes.some((scope) => auth.scopes.has(scope)))
      throw apiErrors.permissionDenied(info.scopes);
  };

  /**
   * An unregistered app id passes the handshake; the first call that would reach the real
   * server's back end gets `InvalidAppID` and the connection is closed with no status.
   */
  readonly #checkAppId: Stage = ({ connection, definition }) => {
    // The call table's `in-process` calls are answered by the real server's front end, before any app id check.
    if (connection.appIdRegistered || CALLS.get(definition!.name)?.inProcess) return;
    queueMicrotask(() => connection.closeWithoutStatus());
    throw apiErrors.invalidAppId();
  };

  /** Applies an injected fault around a handler: a delay, an error instead of the reply, or silence. */
  async #withFault(fault: Fault, handle: () => unknown): Promise<unknown> {
    // Unref'd: an injected delay must not keep a closed server's process alive.
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
    if (fault.drop) return NO_REPLY;
    const error = injectedError(fault);
    if (error) throw error;
    return handle();
  }

  /** Replies still owed to open connections (held ones too): what a graceful shutdown waits for. */
  get inFlight(): number {
    let count = 0;
    for (const work of this.#work.values()) count += work.order.owed;
    return count;
  }

  /**
   * A closed connection is owed nothing: what it had held in order is dropped, and the work
   * under way for it is told to stop (its replies, if they come, go nowhere).
   */
  connectionClosed(connection: PipelineConnection): void {
    const work = this.#work.get(connection);
    if (!work) return;
    this.#work.delete(connection);
    work.order.clear();
    for (const inbound of work.answering) abandon(inbound, new Error('the connection closed'));
  }

  #settleLater(inbound: Inbound, result: Promise<unknown>): void {
    const { connection } = inbound;
    const work = this.#work.get(connection)!;
    work.answering.add(inbound);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(apiErrors.timeout());
        abandon(inbound, new Error('answered Timeout'));
      }, this.#options.pipelineTimeoutMs);
    });
    Promise.race([result, deadline])
      .then(
        (value) => this.#reply(inbound, value),
        (error: unknown) => this.#replyError(inbound, error),
      )
      .finally(() => {
        clearTimeout(timer);
        if (this.#work.get(connection) !== work) return;
        work.answering.delete(inbound);
        work.order.done(inbound);
      });
  }

  #reply(inbound: Inbound, result: unknown): void {
    if (result === NO_REPLY) return;
    const name = inbound.definition!.name;
    // The new API's field names (protocol/options-renames.ts), on its connections only.
    const fieldsOf = inbound.connection.api === 'options' ? optionsFields : sameFields;
    const reply =
      result instanceof Reply
        ? successReply(inbound.echo, result.msgType, fieldsOf(result.msgType, result.fields))
        : successReply(inbound.echo, name, fieldsOf(name, { [name]: result }));
    if (!this.#send(inbound.connection, reply, inbound.echo)) {
      inbound.requestStreams.refuse();
      return;
    }
    if (result instanceof Reply)
      for (const fields of result.more)
        this.#send(
          inbound.connection,
          successReply(inbound.echo, result.msgType, fieldsOf(result.msgType, fields)),
          inbound.echo,
        );
  }

  #replyError(inbound: Inbound, error: unknown): void {
    if (error instanceof StoreUnavailable || error instanceof LimitStoreUnavailable) {
      // Not a bug but a store out of reach (a fleet's Redis lost): the caller can try again.
      // One line every 10 s at most, however many calls fail meanwhile.
      const now = Date.now();
      if (now - this.#unavailableLoggedAt >= 10_000) {
        this.#unavailableLoggedAt = now;
        this.#options.logger.warn(`${error.code}: calls answer ServiceUnavailable: ${error.message}`);
      }
      error = apiErrors.serviceUnavailable();
    }
    if (!(error instanceof ApiError)) {
      // Work stopped because nobody waits for it any more is no failure.
      // One line, never the error's message: it may quote the request, tokens included.
      if (inbound.abandoned === undefined)
        this.#options.logger.error(
          `handler for ${inbound.definition?.name ?? 'unknown call'} failed: ${errorSummary(error)}`,
        );
      error = apiErrors.internal();
    }
    const apiError = error as ApiError;
    const msgType = apiError.msgType ?? inbound.definition?.name ?? 'error';
    inbound.requestStreams.refuse();
    this.#send(inbound.connection, errorReply(inbound.echo, msgType, apiError), inbound.echo);
  }

  /** Sends a reply within `maxResponseBytes`; false when it had to be replaced by an error. */
  #send(connection: PipelineConnection, reply: Record<string, unknown>, echo: Echo = NO_ECHO): boolean {
    const { text, replaced } = replyText(reply, echo, this.#options.maxResponseBytes);
    connection.sendText(text);
    return !replaced;
  }
}

const sameFields = (_msgType: string, fields: Record<string, unknown>) => fields;

function isPromise(value: unknown): value is Promise<unknown> {
  return (
    value instanceof Promise ||
    (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function')
  );
}

/** Nobody waits for this request's reply any more: its signal, made or not yet, is aborted. */
function abandon(inbound: Inbound, reason: Error): void {
  inbound.abandoned ??= reason;
  inbound.controller?.abort(reason);
}
