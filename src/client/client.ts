import { CloseCode } from '../protocol/close-codes.js';
import type { ResponseEnvelope } from '../protocol/envelope.js';
import { TypedEmitter } from './emitter.js';
import { CALLS } from '../protocol/calls.js';
import { AbortError, ConnectionLostError, InvalidArgumentError, derivErrorFrom, type DerivWsError } from './errors.js';
import { KeepAlive } from './keep-alive.js';
import { resolveOptions, type DerivClientOptions, type ResolvedOptions } from './options.js';
import { PendingCalls, type PendingCall } from './pending.js';
import { ReadyState, abandonSocket, describeErrorEvent, type WebSocketLike } from './socket.js';
import { StreamRegistry } from './streams.js';
import type { OverflowPolicy } from './message-buffer.js';
import type { Subscription } from './subscription.js';
import { startTimer, stopTimer, type TimerHandle } from './timers.js';
import type { AuthorizeResponse } from '@deriv/api-types';
import type { DerivRequest, ResponseFor, SendableRequest, StreamMessageFor, StreamRequest } from './types.js';

/** How long `close()` waits for the peer's close frame before dropping the socket. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 2_000;

/** Where the connection is. `client.state` holds the current one; `state` events report changes. */
export type ConnectionState =
  | { readonly status: 'idle' }
  | { readonly status: 'connecting' }
  | { readonly status: 'open' }
  | { readonly status: 'closed'; readonly code: number; readonly reason: string };

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** Every parsed message from the server. */
export type ServerMessage = ResponseEnvelope & Record<string, unknown>;

export interface ClientEvents {
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
  /** Overrides the client's `requestTimeoutMs` for this call. */
  timeoutMs?: number;
  /** Aborting rejects the call with `AbortError`. A reply that comes later is dropped. */
  signal?: AbortSignal;
}

/** One attempt at a connection: its socket, and how the attempt ends. */
interface Attempt {
  socket: WebSocketLike | undefined;
  /** Bounds the phase the attempt is in: the handshake, or the closing handshake. */
  deadline: TimerHandle | undefined;
  opened: Promise<void>;
  resolveOpened: () => void;
  rejectOpened: (error: Error) => void;
  closed: Promise<void>;
  resolveClosed: () => void;
}

/**
 * A connection to the Deriv v3 API. Every call settles: with its reply, a `DerivError`, a
 * `TimeoutError`, an `AbortError`, or a `ConnectionLostError` that says whether it was sent.
 */
export class DerivClient extends TypedEmitter<ClientEvents> {
  readonly #options: ResolvedOptions;
  #lastReqId = 0;
  readonly #nextReqId = () => ++this.#lastReqId;
  readonly #pending = new PendingCalls(this.#nextReqId);
  readonly #streams = new StreamRegistry({
    isOpen: () => this.#state.status === 'open',
    ensureConnecting: () => this.#ensureConnecting(),
    nextReqId: this.#nextReqId,
    sendFrame: (frame) => this.#sendFrame(frame),
    forget: (serverId) =>
      this.#call({ forget: serverId }, { timeoutMs: this.#options.requestTimeoutMs }).then(
        () => {},
        () => {},
      ),
  });
  readonly #keepAlive: KeepAlive;
  #state: ConnectionState = { status: 'idle' };
  /**
   * The last successful authorization, to re-authorize with after a reconnect. In memory
   * only, never logged, never in an error message; `logout` forgets it.
   */
  #authorization: { authorize: string; tokens?: string[] } | undefined;
  #account: AuthorizeResponse['authorize'] | undefined;
  #attempt: Attempt | undefined;
  #closedByUser = false;

  constructor(options: DerivClientOptions = {}) {
    super();
    this.#options = resolveOptions(options);
    this.#keepAlive = new KeepAlive({
      intervalMs: this.#options.pingIntervalMs,
      pongTimeoutMs: this.#options.pongTimeoutMs,
      ping: (timeoutMs) => this.#call({ ping: 1 }, { timeoutMs, internal: true }),
      onDead: (reason) => this.#abandon(CloseCode.PongTimeout, reason),
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Calls waiting for a reply, or for the connection to open. */
  get pendingCount(): number {
    return this.#pending.size;
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
   * Opens the connection now instead of on the first `send`. Resolves once it is open;
   * rejects with `ConnectionLostError` if the attempt fails. Re-opens after `close()`.
   */
  connect(): Promise<void> {
    this.#closedByUser = false;
    if (this.#state.status === 'open' && this.#attempt) return this.#attempt.opened;
    if (this.#state.status === 'connecting' && this.#attempt) return this.#attempt.opened;
    return this.#startAttempt().opened;
  }

  /**
   * Sends a request and resolves with its typed reply: `send({ ping: 1 })` is a
   * `Promise<PingResponse>`. Correlate your own data through `passthrough`; `req_id` is the
   * client's.
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
  authorize(token: string, options: SendOptions & { tokens?: string[] } = {}): Promise<ResponseFor<{ authorize: string }>> {
    const { tokens, ...sendOptions } = options;
    return this.send({ authorize: token, ...(tokens ? { tokens } : {}) }, sendOptions);
  }

  /** Logs out (`{"logout": 1}`) and forgets the remembered token at once, whatever the reply. */
  logout(options: SendOptions = {}): Promise<ResponseFor<{ logout: 1 }>> {
    return this.send({ logout: 1 }, options);
  }

  /** The account the connection is authorized as (the `authorize` reply), if it is. */
  get account(): AuthorizeResponse['authorize'] | undefined {
    return this.#account;
  }

  #rememberAuthorization(request: Record<string, unknown>, response: AuthorizeResponse): void {
    const tokens = Array.isArray(request.tokens) ? request.tokens.filter((t): t is string => typeof t === 'string') : undefined;
    this.#authorization = { authorize: request.authorize as string, ...(tokens ? { tokens } : {}) };
    this.#account = response.authorize;
  }

  #forgetAuthorization(): void {
    this.#authorization = undefined;
    this.#account = undefined;
  }

  /**
   * Opens a stream and returns its handle at once: iterate it (`for await`; `break`
   * unsubscribes) or listen to it (`on('data')`). Identical requests share one server
   * subscription; a late joiner gets the latest message straight away. A refusal
   * (`AlreadySubscribed`, `InvalidSymbol`, …) ends the handle with a `DerivError`.
   *
   * `ticks: ['R_50', 'R_100']` opens one stream per symbol on the server; the handle merges
   * them (each message names its symbol), and `serverIds` lists them all.
   */
  subscribe<R extends StreamRequest>(request: SendableRequest<R>, options: SubscribeOptions = {}): Subscription<StreamMessageFor<R>> {
    // Bad requests throw here, synchronously, before anything is sent.
    serialiseRequest(request);
    const plain = request as unknown as Record<string, unknown>;
    const call = callNameOf(plain);
    const info = CALLS.get(call);
    if (info && info.subscribe === 'none') throw new InvalidArgumentError(`${call} does not stream; use send()`);
    if (this.#closedByUser) throw new ConnectionLostError(false, 'the client is closed; call connect() to reopen it');
    // Always ask with subscribe: 1 (ticks streams without it, but accepts it), so that
    // `{ticks}` and `{ticks, subscribe: 1}` are the same request and share one stream.
    const withFlag = info && info.subscribe !== 'none' && !('subscribe' in plain) ? { ...plain, subscribe: 1 } : plain;
    const handle = this.#streams.open(call, withFlag, {
      timeoutMs: options.timeoutMs ?? this.#options.requestTimeoutMs,
      ...(options.bufferSize !== undefined ? { bufferSize: options.bufferSize } : {}),
      ...(options.overflow !== undefined ? { overflow: options.overflow } : {}),
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
   * Stops every stream of these types on the server (`forget_all`) and ends the handles
   * that were using them. Resolves with the server subscription ids it stopped.
   */
  async forgetAll(types: string | readonly string[]): Promise<string[]> {
    const reply = (await this.#call({ forget_all: types }, {})) as { forget_all?: unknown };
    const ids = Array.isArray(reply.forget_all) ? reply.forget_all.filter((id): id is string => typeof id === 'string') : [];
    this.#streams.onForgotten(ids);
    return ids;
  }

  /**
   * Closes the connection and settles every pending call with `ConnectionLostError`.
   * Resolves once the socket has closed. The client stays closed until `connect()`.
   */
  async close(code: number = CloseCode.Normal, reason = 'client closed'): Promise<void> {
    this.#closedByUser = true;
    const attempt = this.#attempt;
    this.#keepAlive.stop();
    this.#pending.settleAll((call) => new ConnectionLostError(call.sent, 'the client was closed'));
    this.#streams.endAll();
    if (!attempt) {
      if (this.#state.status !== 'closed') this.#setState({ status: 'closed', code, reason });
      return;
    }
    stopTimer(attempt.deadline);
    const socket = attempt.socket;
    if (socket && socket.readyState !== ReadyState.CLOSED) {
      // Closing while connecting makes the socket report an error the caller asked for.
      socket.onerror = () => {};
      try {
        socket.close(code, reason);
      } catch {
        // An invalid code from the caller: fall back to a plain normal close.
        socket.close(CloseCode.Normal, reason);
      }
      // A dead peer never answers the closing handshake; do not wait for it forever.
      attempt.deadline = startTimer(CLOSE_HANDSHAKE_TIMEOUT_MS, () => this.#abandon(code, reason));
    } else {
      this.#finishAttempt(attempt, { code, reason, wasClean: true });
    }
    await attempt.closed;
  }

  #call<T>(request: Record<string, unknown>, options: SendOptions & { internal?: boolean }): Promise<T> {
    let body: string;
    try {
      body = serialiseRequest(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return Promise.reject(new AbortError(false, options.signal.reason));
    if (this.#closedByUser) return Promise.reject(new ConnectionLostError(false, 'the client is closed; call connect() to reopen it'));
    const { call, promise } = this.#pending.add<T>({
      frame: (reqId) => withReqId(body, reqId),
      timeoutMs: options.timeoutMs ?? this.#options.requestTimeoutMs,
      signal: options.signal,
      internal: options.internal ?? false,
    });
    if (this.#state.status === 'open') this.#transmit(call);
    else this.#ensureConnecting();
    return promise;
  }

  #ensureConnecting(): void {
    if (this.#state.status !== 'connecting' && this.#state.status !== 'open') this.#startAttempt().opened.catch(() => {});
  }

  #transmit(call: PendingCall): void {
    call.sent = true;
    this.#sendFrame(call.frame);
  }

  #sendFrame(frame: string): void {
    this.#attempt!.socket!.send(frame);
    this.#keepAlive.noteSent();
  }

  #startAttempt(): Attempt {
    let resolveOpened!: () => void;
    let rejectOpened!: (error: Error) => void;
    let resolveClosed!: () => void;
    const opened = new Promise<void>((resolve, reject) => {
      resolveOpened = resolve;
      rejectOpened = reject;
    });
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
    const attempt: Attempt = { socket: undefined, deadline: undefined, opened, resolveOpened, rejectOpened, closed, resolveClosed };
    this.#attempt = attempt;
    this.#setState({ status: 'connecting' });
    attempt.deadline = startTimer(this.#options.connectTimeoutMs, () =>
      this.#abandon(CloseCode.ConnectTimeout, `handshake did not finish within ${this.#options.connectTimeoutMs} ms`),
    );
    void this.#openSocket(attempt);
    return attempt;
  }

  async #openSocket(attempt: Attempt): Promise<void> {
    let url: string;
    try {
      url = await this.#options.url();
    } catch (error) {
      // The provider's error may quote a one-time URL; keep it as the cause, not in the message.
      this.#emitError(new ConnectionLostError(false, 'the url provider failed'), error);
      return this.#finishAttempt(attempt, { code: CloseCode.Abnormal, reason: 'url provider failed', wasClean: false });
    }
    if (this.#attempt !== attempt) return;
    let socket: WebSocketLike;
    try {
      socket = new this.#options.WebSocket(url);
    } catch (error) {
      this.#emitError(new ConnectionLostError(false, 'the WebSocket could not be created (is the URL valid?)'), error);
      return this.#finishAttempt(attempt, { code: CloseCode.Abnormal, reason: 'invalid url', wasClean: false });
    }
    attempt.socket = socket;
    socket.onopen = () => this.#onOpen(attempt);
    socket.onmessage = (event: { data: unknown }) => this.#onMessage(event.data);
    socket.onerror = (event: unknown) => this.#emitError(new Error(describeErrorEvent(event)));
    socket.onclose = (event: { code: number; reason: string; wasClean: boolean }) =>
      this.#finishAttempt(attempt, { code: event.code, reason: event.reason, wasClean: event.wasClean });
  }

  #onOpen(attempt: Attempt): void {
    stopTimer(attempt.deadline);
    this.#setState({ status: 'open' });
    for (const call of this.#pending.unsent()) this.#transmit(call);
    this.#streams.onOpen();
    this.#keepAlive.start();
    attempt.resolveOpened();
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
    if (this.#streams.route(message)) return;
    const reqId = message.req_id;
    if (typeof reqId !== 'number') return;
    this.#pending.settle(reqId, message.error && typeof message.error === 'object' ? derivErrorFrom(message) : message);
  }

  /** Gives up on the current socket at once (dead link, handshake too slow) and reports it closed. */
  #abandon(code: number, reason: string): void {
    const attempt = this.#attempt;
    if (!attempt) return;
    if (attempt.socket) abandonSocket(attempt.socket, code, reason);
    this.#finishAttempt(attempt, { code, reason, wasClean: false });
  }

  /** The one place where a connection attempt ends, whatever ended it. Runs once per attempt. */
  #finishAttempt(attempt: Attempt, info: CloseInfo): void {
    if (this.#attempt !== attempt) return;
    this.#attempt = undefined;
    stopTimer(attempt.deadline);
    this.#keepAlive.stop();
    const wasOpen = this.#state.status === 'open';
    const why = wasOpen ? `closed with ${info.code}${info.reason ? ` (${info.reason})` : ''}` : `could not connect (${info.code}${info.reason ? `: ${info.reason}` : ''})`;
    this.#pending.settleAll((call) => new ConnectionLostError(call.sent, why));
    this.#streams.endAll(new ConnectionLostError(true, why));
    // Authorization belongs to the connection; the token is kept to authorize the next one.
    this.#account = undefined;
    attempt.rejectOpened(new ConnectionLostError(false, why));
    attempt.opened.catch(() => {});
    this.#setState({ status: 'closed', code: info.code, reason: info.reason });
    this.emit('close', info);
    attempt.resolveClosed();
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.emit('state', state);
  }

  #emitError(error: DerivWsError | Error, cause?: unknown): void {
    if (cause !== undefined && error.cause === undefined) Object.defineProperty(error, 'cause', { value: cause });
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

/** The call a request names: its alphabetically first key that is a call, as the server decides. */
function callNameOf(request: Record<string, unknown>): string {
  let found: string | undefined;
  for (const key in request) if (CALLS.has(key) && (found === undefined || key < found)) found = key;
  if (found === undefined) throw new InvalidArgumentError('a request must name a call, such as { ticks: "R_50" }');
  return found;
}

/** Puts the client's `req_id` first in an already serialised request, without copying the object. */
function withReqId(json: string, reqId: number): string {
  return `{"req_id":${reqId},${json.slice(1)}`;
}
