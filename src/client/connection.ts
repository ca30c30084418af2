import { CloseCode } from '../protocol/close-codes.js';
import type { RetryDelay } from './backoff.js';
import { ConnectionLostError, DerivError, TimeoutError, type DerivWsError } from './errors.js';
import {
  ReadyState,
  abandonSocket,
  describeErrorEvent,
  type WebSocketConstructor,
  type WebSocketLike,
} from './socket.js';
import { monotonicNow, startTimer, stopTimer, type TimerHandle } from './timers.js';

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** Where the connection is. `client.state` holds the current one; `state` events report changes. */
export type ConnectionState =
  | { readonly status: 'idle' }
  /** `attempt` is 0 for the first connection, n for the n-th retry. */
  | { readonly status: 'connecting'; readonly attempt: number }
  | { readonly status: 'open' }
  /** Waiting `delayMs` before retry `attempt`, after `lastClose`. */
  | {
      readonly status: 'reconnecting';
      readonly attempt: number;
      readonly delayMs: number;
      readonly lastClose: CloseInfo;
    }
  /** Final until `connect()`: the user closed, reconnecting is off, or the client gave up (`error` says why). */
  | { readonly status: 'closed'; readonly code: number; readonly reason: string; readonly error?: DerivWsError };

export interface ReconnectPolicy {
  enabled: boolean;
  retryDelay: RetryDelay;
  /** Attempts are never closer together than this, whatever `retryDelay` says. */
  minDelayMs: number;
  maxRetries: number;
  /** A connection that stayed open this long resets the attempt count. */
  minUptimeMs: number;
  shouldReconnect: (close: CloseInfo) => boolean;
}

export interface ConnectionOptions {
  url: () => string | Promise<string>;
  WebSocket: WebSocketConstructor;
  connectTimeoutMs: number;
  reconnect: ReconnectPolicy;
  /** HTTP 401/403 at the handshake stops for good (v3: a refused app id); else it is one more failed attempt. */
  refusedUpgradeIsFatal: boolean;
}

/** What the connection tells its owner. */
export interface ConnectionEvents {
  state(state: ConnectionState): void;
  /** A socket opened. The owner restores the session, then calls `ready()`. */
  socketOpened(socket: WebSocketLike): void;
  message(data: unknown): void;
  /** The socket is gone. Whether a retry follows is decided right after. */
  socketClosed(info: CloseInfo): void;
  /** No retry will follow: the user closed, reconnecting is off, or the client gave up. */
  stopped(error: DerivWsError | undefined): void;
  error(error: Error): void;
}

/** How long `close()` waits for the peer's close frame before dropping the socket. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 2_000;

/**
 * The socket's lifecycle: idle → connecting → open → reconnecting → … → closed.
 *
 * It reconnects after any close it did not ask for (1006, 1001, 1011, a pong timeout, a
 * failed handshake), with the policy's backoff; never after `close()`; and stops for good on
 * fatal causes (HTTP 401/403 at the handshake, `InvalidAppID`, or an owner's `stop()`).
 * The URL provider runs again on every attempt, so one-time URLs stay fresh.
 */
export class Connection {
  #state: ConnectionState = { status: 'idle' };
  #socket: WebSocketLike | undefined;
  /** Bumped by every attempt, so events of a socket given up on are ignored. */
  #generation = 0;
  #attempt = 0;
  #lastAttemptAt = -Infinity;
  #openedAt = 0;
  /** Bounds the phase we are in: the handshake, or the closing handshake. */
  #deadline: TimerHandle | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #userClosed = false;
  #fatal: DerivWsError | undefined;
  #closing: Promise<void> | undefined;
  #resolveClosing: (() => void) | undefined;
  #readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #removeWakeListeners: (() => void) | undefined;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly events: ConnectionEvents,
  ) {}

  get state(): ConnectionState {
    return this.#state;
  }

  /** True while the socket is open (restored or not). */
  get hasSocket(): boolean {
    return this.#socket !== undefined && this.#socket.readyState === ReadyState.OPEN;
  }

  get socket(): WebSocketLike | undefined {
    return this.#socket;
  }

  get closedByUser(): boolean {
    return this.#userClosed;
  }

  /** Starts connecting, unless already connecting, open, or waiting to retry. */
  start(): void {
    const status = this.#state.status;
    if (status !== 'idle' && status !== 'closed') return;
    this.#userClosed = false;
    this.#fatal = undefined;
    this.#attempt = 0;
    void this.#connect();
  }

  /** Resolves once the connection is open and restored; rejects if the client stops first or after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.#state.status === 'open') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          stopTimer(timer);
          resolve();
        },
        reject: (error: Error) => {
          stopTimer(timer);
          reject(error);
        },
      };
      const timer = Number.isFinite(timeoutMs)
        ? startTimer(timeoutMs, () => {
            this.#readyWaiters = this.#readyWaiters.filter((w) => w !== waiter);
            reject(new TimeoutError(timeoutMs, false));
          })
        : undefined;
      this.#readyWaiters.push(waiter);
    });
  }

  /** The owner restored the session on the new socket: the connection is open for use. */
  ready(): void {
    if (!this.hasSocket) return;
    this.#openedAt = monotonicNow();
    this.#setState({ status: 'open' });
    for (const waiter of this.#readyWaiters.splice(0)) waiter.resolve();
  }

  /** Gives up on the current socket at once (a dead link) and lets the policy decide what follows. */
  abandon(code: number, reason: string): void {
    const socket = this.#socket;
    if (!socket) return;
    abandonSocket(socket, code, reason);
    this.#onClosed(this.#generation, { code, reason, wasClean: false });
  }

  /** Stops for good with a fatal error (a refused app id or token): the current socket is dropped and no retry follows. */
  stop(error: DerivWsError, code: number = CloseCode.Normal, reason = error.message): void {
    this.#fatal = error;
    if (this.#socket) this.abandon(code, reason);
    else if (this.#state.status === 'reconnecting' || this.#state.status === 'connecting')
      this.#finish({ code, reason, wasClean: false });
  }

  /** Remembers that the server refused us for good; the close that follows will not be retried. */
  markFatal(error: DerivWsError): void {
    this.#fatal = error;
  }

  /** The user's close: no retry, every timer stopped. Resolves once the socket has closed. */
  close(code: number, reason: string): Promise<void> {
    this.#userClosed = true;
    this.#clearRetry();
    const socket = this.#socket;
    if (!socket) {
      if (this.#state.status !== 'closed') this.#finish({ code, reason, wasClean: true });
      return Promise.resolve();
    }
    this.#closing ??= new Promise<void>((resolve) => (this.#resolveClosing = resolve));
    stopTimer(this.#deadline);
    if (socket.readyState === ReadyState.CLOSED) {
      this.#onClosed(this.#generation, { code, reason, wasClean: true });
      return this.#closing;
    }
    // Closing while connecting makes the socket report an error the caller asked for.
    socket.onerror = () => {};
    try {
      socket.close(code, reason);
    } catch {
      // An invalid code from the caller: fall back to a plain normal close.
      socket.close(CloseCode.Normal, reason);
    }
    // A dead peer never answers the closing handshake; do not wait for it forever.
    this.#deadline = startTimer(CLOSE_HANDSHAKE_TIMEOUT_MS, () => this.abandon(code, reason));
    return this.#closing;
  }

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    this.#lastAttemptAt = monotonicNow();
    this.#setState({ status: 'connecting', attempt: this.#attempt });
    this.#deadline = startTimer(this.options.connectTimeoutMs, () => this.#handshakeTimedOut(generation));
    let url: string;
    try {
      url = await this.options.url();
    } catch (error) {
      // A provider that can never succeed (the new API's OTP call refused the token) says so
      // with `fatal`: no retry, and its error is the one the client reports.
      if ((error as { fatal?: unknown } | null)?.fatal === true) this.#fatal = error as DerivWsError;
      // The provider's error may quote a one-time URL; keep it as the cause, not in the message.
      else this.#reportError(new ConnectionLostError(false, 'the url provider failed'), error);
      return this.#onClosed(generation, { code: CloseCode.Abnormal, reason: 'url provider failed', wasClean: false });
    }
    if (generation !== this.#generation) return;
    let socket: WebSocketLike;
    try {
      socket = new this.options.WebSocket(url);
    } catch (error) {
      this.#reportError(
        new ConnectionLostError(false, 'the WebSocket could not be created (is the URL valid?)'),
        error,
      );
      return this.#onClosed(generation, { code: CloseCode.Abnormal, reason: 'invalid url', wasClean: false });
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (generation !== this.#generation) return;
      stopTimer(this.#deadline);
      this.events.socketOpened(socket);
    };
    socket.onmessage = (event: { data: unknown }) => {
      if (generation === this.#generation) this.events.message(event.data);
    };
    socket.onerror = (event: unknown) => {
      if (generation !== this.#generation) return;
      const message = describeErrorEvent(event);
      // ws reports a refused handshake as "Unexpected server response: 401"; browsers cannot see it.
      const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
      if (this.options.refusedUpgradeIsFatal && (status === '401' || status === '403')) {
        this.#fatal = new DerivError({
          code: 'InvalidAppID',
          message: `the server refused the app id (HTTP ${status})`,
        });
      }
      this.events.error(new Error(message));
    };
    socket.onclose = (event: { code: number; reason: string; wasClean: boolean }) =>
      this.#onClosed(generation, { code: event.code, reason: event.reason, wasClean: event.wasClean });
  }

  #handshakeTimedOut(generation: number): void {
    if (generation !== this.#generation) return;
    const reason = `handshake did not finish within ${this.options.connectTimeoutMs} ms`;
    if (this.#socket) this.abandon(CloseCode.ConnectTimeout, reason);
    // Still waiting for the URL provider: this attempt is over all the same.
    else this.#onClosed(generation, { code: CloseCode.ConnectTimeout, reason, wasClean: false });
  }

  /** The one place an attempt ends, whatever ended it. Runs once per attempt. */
  #onClosed(generation: number, info: CloseInfo): void {
    if (generation !== this.#generation) return;
    const current = ++this.#generation;
    stopTimer(this.#deadline);
    this.#deadline = undefined;
    const wasOpen = this.#state.status === 'open';
    if (this.#socket) abandonSocket(this.#socket, info.code, info.reason);
    this.#socket = undefined;
    this.events.socketClosed(info);
    // A `close` listener may have closed the client already: it has finished, once.
    if (this.#generation !== current) return;

    const policy = this.options.reconnect;
    if (this.#userClosed || this.#fatal || !policy.enabled || !policy.shouldReconnect(info)) {
      this.#finish(info);
      return;
    }
    if (wasOpen && monotonicNow() - this.#openedAt >= policy.minUptimeMs) this.#attempt = 0;
    this.#attempt++;
    if (this.#attempt > policy.maxRetries) {
      this.#fatal = new ConnectionLostError(false, `gave up after ${policy.maxRetries} reconnect attempts`);
      this.#finish(info);
      return;
    }
    const delayMs = Math.max(
      policy.retryDelay(this.#attempt),
      this.#lastAttemptAt + policy.minDelayMs - monotonicNow(),
      0,
    );
    this.#setState({ status: 'reconnecting', attempt: this.#attempt, delayMs, lastClose: info });
    // Not unref'd: a client waiting to reconnect keeps the process alive, as an open socket
    // would; close() stops it.
    this.#retryTimer = setTimeout(() => this.#retryNow(), delayMs);
    this.#listenForWake();
  }

  #retryNow(): void {
    this.#clearRetry();
    if (this.#state.status === 'reconnecting') void this.#connect();
  }

  /** In a browser, coming back online or to the tab is a reason to retry now, within the minimum delay. */
  #listenForWake(): void {
    const target = globalThis as {
      addEventListener?: (type: string, listener: () => void) => void;
      removeEventListener?: (type: string, listener: () => void) => void;
      document?: { visibilityState?: string };
    };
    if (typeof target.addEventListener !== 'function') return;
    const wake = () => {
      if (target.document?.visibilityState === 'hidden') return;
      const earliest = this.#lastAttemptAt + this.options.reconnect.minDelayMs - monotonicNow();
      stopTimer(this.#retryTimer);
      this.#retryTimer = setTimeout(() => this.#retryNow(), Math.max(0, earliest));
    };
    target.addEventListener('online', wake);
    target.addEventListener('visibilitychange', wake);
    this.#removeWakeListeners = () => {
      target.removeEventListener?.('online', wake);
      target.removeEventListener?.('visibilitychange', wake);
    };
  }

  #clearRetry(): void {
    stopTimer(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#removeWakeListeners?.();
    this.#removeWakeListeners = undefined;
  }

  #finish(info: CloseInfo): void {
    // Ends an attempt still waiting for the URL provider too: it must not open a socket later.
    this.#generation++;
    stopTimer(this.#deadline);
    this.#deadline = undefined;
    this.#clearRetry();
    const error = this.#userClosed ? undefined : this.#fatal;
    this.#setState(
      error
        ? { status: 'closed', code: info.code, reason: info.reason, error }
        : { status: 'closed', code: info.code, reason: info.reason },
    );
    this.events.stopped(error);
    const failure =
      error ?? new ConnectionLostError(false, this.#userClosed ? 'the client was closed' : `closed with ${info.code}`);
    for (const waiter of this.#readyWaiters.splice(0)) waiter.reject(failure);
    this.#resolveClosing?.();
    this.#resolveClosing = undefined;
    this.#closing = undefined;
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.events.state(state);
  }

  #reportError(error: Error, cause: unknown): void {
    if (error.cause === undefined) Object.defineProperty(error, 'cause', { value: cause });
    this.events.error(error);
  }
}
