import type { AuthorizeResponse, PriceProposalRequest } from '@deriv/api-types';
import type { Contract } from './contract.js';
import type { ProposalStream } from './proposal-stream.js';
import { Trading, type BuyRequest, type ContractQuery } from './trading.js';
import { CALLS, callNameOf } from '../protocol/calls.js';
import { CloseCode } from '../protocol/close-codes.js';
import type { ResponseEnvelope } from '../protocol/envelope.js';
import { limitsFromWebsiteStatus } from '../protocol/rate-limits.js';
import { Connection, type CloseInfo, type ConnectionState } from './connection.js';
import { TypedEmitter } from './emitter.js';
import {
  AbortError,
  ConnectionLostError,
  DerivError,
  InvalidArgumentError,
  QueueFullError,
  derivErrorFrom,
  type DerivWsError,
} from './errors.js';
import { KeepAlive } from './keep-alive.js';
import type { OverflowPolicy } from './message-buffer.js';
import {
  callTimeoutMs,
  resolveOptions,
  streamBufferOptions,
  type DerivClientOptions,
  type ResolvedOptions,
} from './options.js';
import { Outbox } from './outbox.js';
import type { RatePacer } from './rate-pacer.js';
import { RequestTracker } from './requests.js';
import type { WebSocketLike } from './socket.js';
import { StreamRegistry } from './streams.js';
import type { Subscription } from './subscription.js';
import { startTimer } from './timers.js';
import type { DerivRequest, ResponseFor, SendableRequest, StreamMessageFor, StreamRequest } from './types.js';

export type { CloseInfo, ConnectionState } from './connection.js';

/** Every parsed message from the server. */
export type ServerMessage = ResponseEnvelope & Record<string, unknown>;

export interface ClientEvents {
  /** The connection is open and restored (re-authorized, streams requested again). */
  open: undefined;
  message: ServerMessage;
  close: CloseInfo;
  error: Error;
  state: ConnectionState;
}

export interface SubscribeOptions {
  /** How long the server may take to confirm the stream (its first message). Default: `requestTimeoutMs`. */
  timeoutMs?: number;
  /** Aborting unsubscribes. */
  signal?: AbortSignal;
  /** How many messages an iterator may fall behind by. Default 256. */
  bufferSize?: number;
  /** What to do when the buffer is full. Default `drop-oldest`, or `error` for event streams (`transaction`, p2p orders). */
  overflow?: OverflowPolicy;
}

export interface SendOptions {
  /** Overrides the client's `requestTimeoutMs` for this call; it counts from the call, queueing included. */
  timeoutMs?: number;
  /** Aborting rejects the call with `AbortError`. A reply that comes later is dropped. */
  signal?: AbortSignal;
}

interface CallOptions extends SendOptions {
  internal?: boolean;
  priority?: boolean;
}

/**
 * A connection to the Deriv v3 API that survives drops. Every call settles: with its reply,
 * a `DerivError`, a `TimeoutError`, an `AbortError`, a `QueueFullError`, or a
 * `ConnectionLostError` that says whether it was sent. After a drop the client reconnects
 * with jittered backoff, authorizes again, requests its streams again, and then sends what
 * waited.
 */
export class DerivClient extends TypedEmitter<ClientEvents> {
  readonly #options: ResolvedOptions;
  readonly #pacer: RatePacer | undefined;
  readonly #outbox: Outbox;
  readonly #requests: RequestTracker;
  readonly #streams: StreamRegistry;
  readonly #keepAlive: KeepAlive;
  readonly #connection: Connection;
  /** True once a new socket is restored: calls flow only then. */
  #restored = false;
  #corked = false;
  /**
   * The last successful authorization, to re-authorize with after a reconnect. In memory
   * only, never logged, never in an error message; `logout` forgets it.
   */
  #authorization: { authorize: string; tokens?: string[] } | undefined;
  #account: AuthorizeResponse['authorize'] | undefined;
  readonly #trading: Trading;

  /** `resolved`: internal, for `deriv-ws/options`, whose client checks its own options; leave it out. */
  constructor(options: DerivClientOptions = {}, /** @internal */ resolved?: ResolvedOptions) {
    super();
    this.#options = resolved ?? resolveOptions(options);
    this.#pacer = this.#options.pacer;
    this.#outbox = new Outbox(this.#pacer);
    this.#requests = new RequestTracker({
      send: (frame) => this.#sendFrame(frame),
      enqueue: (request) => this.#outbox.push(request),
      enqueueFirst: (requests) => this.#outbox.pushFirst(requests),
      forget: (serverId) => this.#forget(serverId),
      // The reconnect backoff (full jitter, from minRetryDelayMs): a crowd of clients told to
      // slow down spreads out the same way a crowd that lost its server does.
      resendLater: (request, attempt) =>
        startTimer(this.#options.reconnect.retryDelay(attempt), () => this.#requests.resend(request)),
      policy: () => ({
        retryReadOnly: this.#options.retryReadOnly,
        reconnecting: this.#options.reconnect.enabled && !this.#connection.closedByUser,
      }),
    });
    this.#streams = new StreamRegistry({
      isOpen: () => this.#restored,
      ensureConnecting: () => this.#connection.start(),
      requests: this.#requests,
      forget: (serverId) => this.#forget(serverId),
    });
    this.#keepAlive = new KeepAlive({
      intervalMs: this.#options.pingIntervalMs,
      pongTimeoutMs: this.#options.pongTimeoutMs,
      ping: (timeoutMs) => this.#call({ ping: 1 }, { timeoutMs, internal: true, priority: true }),
      onDead: (reason) => this.#connection.abandon(CloseCode.PongTimeout, reason),
    });
    this.#connection = new Connection(
      {
        url: this.#options.url,
        WebSocket: this.#options.WebSocket,
        connectTimeoutMs: this.#options.connectTimeoutMs,
        reconnect: this.#options.reconnect,
        refusedUpgradeIsFatal: this.#options.refusedUpgradeIsFatal,
      },
      {
        state: (state) => this.emit('state', state),
        socketOpened: () => void this.#restore(),
        message: (data) => this.#onMessage(data),
        socketClosed: (info) => this.#onSocketClosed(info),
        stopped: (error) => this.#onStopped(error),
        error: (error) => this.#emitError(error),
      },
    );
    this.#outbox.attach(() => this.#connection.hasSocket);
    this.#trading = new Trading(this, this.#options.requestTimeoutMs);
  }

  get state(): ConnectionState {
    return this.#connection.state;
  }

  /** Calls waiting for a reply, or for the connection to open. */
  get pendingCount(): number {
    return this.#requests.callCount;
  }

  /** Server streams this client holds (identical subscriptions share one). */
  get streamCount(): number {
    return this.#streams.size;
  }

  /** Milliseconds until the next keep-alive ping, if one is scheduled. */
  get nextPingInMs(): number | undefined {
    return this.#keepAlive.nextPingInMs();
  }

  /**
   * The account the connection is authorized as (the `authorize` reply), if it is. On the new
   * API: the socket's account as `balance` names it (`loginid` is the account id, `currency`,
   * `balance`), learned on every open.
   */
  get account(): AuthorizeResponse['authorize'] | undefined {
    return this.#account;
  }

  /**
   * Opens the connection now instead of on the first `send`, and resolves once it is open
   * and restored. Rejects if the client stops first (closed, a fatal refusal, retries used
   * up), or after `timeoutMs` (default `requestTimeoutMs`). Re-opens after `close()`.
   */
  connect({ timeoutMs = this.#options.requestTimeoutMs }: { timeoutMs?: number } = {}): Promise<void> {
    this.#connection.start();
    return this.#connection.whenReady(timeoutMs);
  }

  /**
   * Sends a request and resolves with its typed reply: `send({ ping: 1 })` is a
   * `Promise<PingResponse>`. Correlate your own data through `passthrough`; `req_id` is the
   * client's. A request that opens a stream resolves with its first message and the stream is
   * forgotten; use `subscribe()` to keep it.
   */
  send<R extends DerivRequest>(request: SendableRequest<R>, options: SendOptions = {}): Promise<ResponseFor<R>> {
    const plain = request as unknown as Record<string, unknown>;
    if (plain !== null && typeof plain === 'object' && 'logout' in plain) this.#forgetAuthorization();
    const reply = this.#call<ResponseFor<R>>(plain, options);
    if (plain === null || typeof plain !== 'object' || typeof plain.authorize !== 'string') return reply;
    return reply.then((response) => {
      this.#rememberAuthorization(plain, response as unknown as AuthorizeResponse);
      return response;
    });
  }

  /**
   * Authorizes the connection (`{"authorize": token}`) and remembers the token, in memory
   * only, to authorize again after a reconnect. `tokens` adds accounts (multi-account).
   */
  authorize(
    token: string,
    options: SendOptions & { tokens?: string[] } = {},
  ): Promise<ResponseFor<{ authorize: string }>> {
    const { tokens, ...sendOptions } = options;
    return this.send({ authorize: token, ...(tokens ? { tokens } : {}) }, sendOptions);
  }

  /** Logs out (`{"logout": 1}`) and forgets the remembered token at once, whatever the reply. */
  logout(options: SendOptions = {}): Promise<ResponseFor<{ logout: 1 }>> {
    return this.send({ logout: 1 }, options);
  }

  /**
   * Opens a stream and returns its handle at once: iterate it (`for await`; `break`
   * unsubscribes) or listen to it (`on('data')`). Identical requests share one server
   * subscription; a late joiner gets the latest message straight away. A refusal
   * (`AlreadySubscribed`, `InvalidSymbol`, …) ends the handle with a `DerivError`.
   * After a reconnect a read-only stream is requested again and the handle carries on, with
   * a `gap` event. A money-moving stream (`buy` with `subscribe`) is never sent again: once
   * its reply has named the contract it is followed by id (`proposal_open_contract`), and
   * before that it ends with `ConnectionLostError { sent: true }`.
   *
   * `ticks: ['R_50', 'R_100']` opens one stream per symbol on the server; the handle merges
   * them (each message names its symbol), and `serverIds` lists them all.
   */
  subscribe<R extends StreamRequest>(
    request: SendableRequest<R>,
    options: SubscribeOptions = {},
  ): Subscription<StreamMessageFor<R>> {
    // Bad requests throw here, synchronously, before anything is sent.
    serialiseRequest(request);
    const plain = request as unknown as Record<string, unknown>;
    const call = callOf(plain);
    const info = CALLS.get(call)!; // callOf only names known calls
    if (info.subscribe === 'none') throw new InvalidArgumentError(`${call} does not stream; use send()`);
    if (this.#connection.closedByUser)
      throw new ConnectionLostError(false, 'the client is closed; call connect() to reopen it');
    // Always ask with subscribe: 1 (ticks streams without it, but accepts it), so that
    // `{ticks}` and `{ticks, subscribe: 1}` are the same request and share one stream.
    const withFlag = 'subscribe' in plain ? plain : { ...plain, subscribe: 1 };
    const handle = this.#streams.open(call, withFlag, {
      timeoutMs: callTimeoutMs(options.timeoutMs, this.#options.requestTimeoutMs),
      ...streamBufferOptions(options.bufferSize, options.overflow),
    });
    if (options.signal) {
      const signal = options.signal;
      if (signal.aborted) void handle.unsubscribe();
      else {
        const onAbort = () => void handle.unsubscribe();
        signal.addEventListener('abort', onAbort, { once: true });
        handle.once('end', () => signal.removeEventListener('abort', onAbort));
      }
    }
    return handle as unknown as Subscription<StreamMessageFor<R>>;
  }

  /**
   * Buys a contract and resolves, once the buy is acknowledged, with a handle that follows it
   * until it is sold (docs/trading-client.md). Give a proposal request (`{ proposal: 1, … }`,
   * priced first, bought at `maxPrice` or the ask) or `{ proposalId, price }`. The buy is never
   * sent twice: after a drop the contract is followed again by id, with a `gap` event; a drop
   * before the reply rejects with `ConnectionLostError { sent: true }`, and
   * `findContract({ since })` then tells whether it was bought.
   */
  buy(request: BuyRequest, options: SubscribeOptions = {}): Promise<Contract> {
    return this.#trading.buy(request, options);
  }

  /** Follows a contract of the authorized account by id, until it is sold. */
  contract(contractId: number, options: SubscribeOptions = {}): Promise<Contract> {
    return this.#trading.contract(contractId, options);
  }

  /** A subscribed, repriced proposal; `buy()` on it buys at the latest price. */
  proposal(request: Omit<PriceProposalRequest, 'subscribe'>, options: SubscribeOptions = {}): ProposalStream {
    return this.#trading.proposal(request, options);
  }

  /** Every open contract of the account (`portfolio`), each followed. */
  openContracts(options: SendOptions = {}): Promise<Contract[]> {
    return this.#trading.openContracts(options);
  }

  /** The first contract bought at or after `since` that matches (open, or sold since), followed; or undefined. */
  findContract(query: ContractQuery, options: SendOptions = {}): Promise<Contract | undefined> {
    return this.#trading.findContract(query, options);
  }

  /**
   * Stops every stream of these types on the server (`forget_all`) and ends the handles
   * that were using them. Resolves with the server subscription ids it stopped.
   */
  async forgetAll(types: string | readonly string[]): Promise<string[]> {
    const reply = (await this.#call({ forget_all: types }, {})) as { forget_all?: unknown };
    const ids = Array.isArray(reply.forget_all)
      ? reply.forget_all.filter((id): id is string => typeof id === 'string')
      : [];
    this.#streams.onForgotten(typeof types === 'string' ? [types] : types, ids);
    return ids;
  }

  /**
   * Closes the connection, stops reconnecting, and settles every pending call with
   * `ConnectionLostError` and every stream. Resolves once the socket has closed and every
   * timer has stopped. The client stays closed until `connect()`.
   */
  async close(code: number = CloseCode.Normal, reason = 'client closed'): Promise<void> {
    this.#keepAlive.stop();
    this.#restored = false;
    this.#settleEverything('the client was closed');
    await this.#connection.close(code, reason);
  }

  /**
   * @internal The new API's account switch: the streams of these `forget_all` types end with
   * `error`, and the socket is replaced, so the URL provider (the OTP call) runs again. Market
   * streams carry on, with a `gap`.
   */
  protected _endAccount(types: readonly string[], error: DerivWsError): void {
    this.#streams.onForgotten(types, [], error);
    this.#account = undefined;
    this.#connection.abandon(CloseCode.Normal, error.message);
  }

  /** Nothing more will go out: every call settles with `ConnectionLostError`, every stream ends (with `streamError`, if any). */
  #settleEverything(reason: string, streamError?: DerivWsError): void {
    this.#outbox.clear();
    this.#requests.clear((request) => new ConnectionLostError(request.sent, reason));
    this.#streams.endAll(streamError);
  }

  #call<T>(request: Record<string, unknown>, options: CallOptions): Promise<T> {
    let body: string;
    let timeoutMs: number;
    try {
      body = serialiseRequest(request);
      timeoutMs = callTimeoutMs(options.timeoutMs, this.#options.requestTimeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return Promise.reject(new AbortError(false, options.signal.reason));
    if (this.#connection.closedByUser)
      return Promise.reject(new ConnectionLostError(false, 'the client is closed; call connect() to reopen it'));
    const internal = options.internal ?? false;
    if (!internal && !this.#restored && this.#requests.queuedCount >= this.#options.maxQueued) {
      return Promise.reject(new QueueFullError(this.#options.maxQueued));
    }
    const promise = this.#requests.call<T>({
      call: callOf(request, 'unknown'),
      body,
      timeoutMs,
      signal: options.signal,
      internal,
      priority: options.priority ?? false,
    });
    if (!this.#connection.hasSocket) this.#connection.start();
    return promise;
  }

  /** Asks the server to stop a stream nobody wants. Never rejects: a lost forget dies with its connection. */
  #forget(serverId: string): Promise<void> {
    return this.#call({ forget: serverId }, { internal: true }).then(
      () => {},
      () => {},
    );
  }

  #sendFrame(frame: string): void {
    const socket = this.#connection.socket!;
    this.#coalesceWrites(socket);
    socket.send(frame);
    this.#keepAlive.noteSent();
  }

  /**
   * Frames sent in one turn of the event loop (a burst of calls, or every call a batch of
   * replies set off) go out in one write instead of one system call each: the write is the
   * larger part of a call's cost. `ws` in Node exposes its TCP socket for this; browsers batch
   * on their own, and get nothing here.
   */
  #coalesceWrites(socket: WebSocketLike): void {
    if (this.#corked) return;
    const tcp = (socket as { _socket?: { cork?: () => void; uncork?: () => void } })._socket;
    if (typeof tcp?.cork !== 'function' || typeof tcp.uncork !== 'function') return;
    tcp.cork();
    this.#corked = true;
    queueMicrotask(() => {
      this.#corked = false;
      tcp.uncork!();
    });
  }

  /**
   * A socket opened: authorize again (first, and alone), then request the streams again,
   * then let the waiting calls go. Anything but a refused token is left to the connection:
   * a dead socket closes, and the next attempt tries again.
   */
  async #restore(): Promise<void> {
    this.#keepAlive.start();
    // v3 authorizes again; the new API's socket already is its OTP's account, and `balance` names it.
    const request = this.#authorization ?? this.#options.firstCall;
    if (request) {
      try {
        const reply = await this.#call<AuthorizeResponse & { balance?: AuthorizeResponse['authorize'] }>(
          { ...request },
          { internal: true, priority: true },
        );
        this.#account = reply.authorize ?? reply.balance;
      } catch (error) {
        if (error instanceof DerivError && (error.code === 'InvalidToken' || error.code === 'InvalidAppID')) {
          this.#forgetAuthorization();
          this.#connection.stop(error, CloseCode.Normal, `re-authorization failed: ${error.code}`);
        } else if (!(error instanceof ConnectionLostError)) {
          this.#connection.abandon(CloseCode.Abnormal, 're-authorization did not complete');
        }
        return;
      }
    }
    if (!this.#connection.hasSocket) return;
    this.#restored = true;
    this.#outbox.openGate();
    this.#connection.ready();
    this.emit('open', undefined);
  }

  #onMessage(data: unknown): void {
    this.#keepAlive.noteReceived();
    if (typeof data !== 'string') {
      this.#emitError(new InvalidArgumentError('the server sent a binary frame; v3 speaks JSON text'));
      return;
    }
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      this.#emitError(new InvalidArgumentError('the server sent a frame that is not JSON'));
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      this.#emitError(new InvalidArgumentError('the server sent JSON that is not an object'));
      return;
    }
    this.emit('message', message);
    if (message.msg_type === 'website_status' && this.#pacer) {
      const limits = limitsFromWebsiteStatus(message.website_status);
      if (limits) this.#pacer.update(limits);
    }
    const error = message.error as { code?: unknown } | undefined;
    // The server closes the connection right after this one; it must not be retried.
    if (error?.code === 'InvalidAppID') this.#connection.markFatal(derivErrorFrom(message));
    const request = this.#requests.route(message);
    const streamId = (message.subscription as { id?: unknown } | undefined)?.id;
    // A streaming request sent with send() resolves with its first message; the stream it
    // opened is stopped at once, so nothing keeps flowing that no one listens to.
    if (request?.kind === 'call' && !error && typeof streamId === 'string') void this.#forget(streamId);
  }

  #onSocketClosed(info: CloseInfo): void {
    this.#restored = false;
    this.#keepAlive.stop();
    this.#outbox.closeGate();
    const why = `the connection closed (${info.code}${info.reason ? `: ${info.reason}` : ''})`;
    // Sent read-only calls go again after the reconnect, streams are requested again or
    // followed by id, and anything else that was sent has an unknown outcome. Money-moving
    // requests are never sent twice (retryAction decides, from the call table).
    this.#streams.onConnectionLost();
    this.#requests.connectionLost(why);
    // Authorization belongs to the connection; the token is kept to authorize the next one.
    this.#account = undefined;
    this.emit('close', info);
  }

  /** No more attempts: what waited for a connection will not get one. */
  #onStopped(error: DerivWsError | undefined): void {
    if (this.#connection.closedByUser) return;
    const reason = error ? error.message : 'the connection closed and reconnecting is off';
    this.#settleEverything(reason, error ?? new ConnectionLostError(true, reason));
    if (error) this.#emitError(error);
  }

  #rememberAuthorization(request: Record<string, unknown>, response: AuthorizeResponse): void {
    const tokens = Array.isArray(request.tokens)
      ? request.tokens.filter((t): t is string => typeof t === 'string')
      : undefined;
    this.#authorization = { authorize: request.authorize as string, ...(tokens ? { tokens } : {}) };
    this.#account = response.authorize;
  }

  #forgetAuthorization(): void {
    this.#authorization = undefined;
    this.#account = undefined;
  }

  #emitError(error: Error): void {
    // An `error` event with no listener must not crash the host, unlike Node's EventEmitter.
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

/** JSON of a request without `req_id`. Bad requests fail here, before anything is queued. */
function serialiseRequest(request: unknown): string {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new InvalidArgumentError('a request must be a plain object, such as { ping: 1 }');
  }
  if ('req_id' in request) {
    throw new InvalidArgumentError('req_id is set by the client; put your own correlation data in passthrough');
  }
  let json: string;
  try {
    json = JSON.stringify(request);
  } catch (error) {
    throw new InvalidArgumentError(`the request cannot be serialised to JSON: ${(error as Error).message}`);
  }
  if (json.length <= 2) throw new InvalidArgumentError('a request must name a call, such as { ping: 1 }');
  return json;
}

/** The call a request names; `fallback` where it names none, else a synchronous refusal. */
function callOf(request: Record<string, unknown>, fallback?: string): string {
  const found = callNameOf(request) ?? fallback;
  if (found !== undefined) return found;
  throw new InvalidArgumentError('a request must name a call, such as { ticks: "R_50" }');
}
