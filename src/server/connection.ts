import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../protocol/close-codes.js';
import type { ApiKind, OptionsChannel } from '../protocol/options-api.js';
import type { ConnectionSlot } from './calls/family.js';
import type { AuthState } from './calls/types.js';
import { ConnectionStates } from './connection-state.js';
import type { ConnectionInfo } from './gateway.js';
import type { Pipeline, PipelineConnection } from './pipeline.js';
import { StreamTable, type StreamLimits } from './streams/stream-table.js';
import { framePayload } from './streams/text-frame.js';
import { OPTIONS_LIMITS } from '../protocol/options-api.js';
import { ApiError } from './api-error.js';

/**
 * The new API's published limit of subscriptions per connection (or the server's, if lower),
 * refused with its `RateLimit` code; the message is ours (docs/migrating-to-the-new-api.md).
 */
function optionsStreamLimits(limits: StreamLimits): StreamLimits {
  return {
    ...limits,
    streams: Math.min(limits.streams, OPTIONS_LIMITS.subscriptions),
    overLimit: (limit) =>
      new ApiError('RateLimit', `You have reached the limit of ${limit} subscriptions on this connection.`),
  };
}

export interface ConnectionOptions {
  pipeline: Pipeline;
  /** Silence in both directions for this long ends the connection abruptly. 0 disables. */
  idleTimeoutMs: number;
  /** More than this many bytes waiting to be sent marks a slow consumer, which is disconnected. */
  maxBufferedBytes: number;
  streamLimits: StreamLimits;
  /** The per-connection states the call families declare. */
  connectionSlots: ReadonlySet<ConnectionSlot<unknown>>;
  onClose: (connection: ClientConnection, code: number) => void;
}

/**
 * One client's WebSocket: decodes frames, feeds them to the pipeline, and enforces the
 * per-connection rules (text frames only, idle timeout).
 */
export class ClientConnection implements PipelineConnection {
  static #nextId = 1;
  readonly id = ClientConnection.#nextId++;
  readonly streams: StreamTable;
  /** The call families' state on this connection; torn down by whoever hears `onClose`. */
  readonly states: ConnectionStates;
  auth: AuthState | undefined;
  readonly #socket: WebSocket;
  /**
   * The TCP socket under `ws`, for stream frames we built ourselves. Writing to it directly
   * keeps frame order only because `ws` writes every frame synchronously here: the server
   * never negotiates permessage-deflate and never sends Blobs, the two cases in which `ws`
   * queues frames. Without it (another `ws` layout), frames go through `ws.send`.
   */
  readonly #tcp: Duplex | undefined;
  readonly #info: ConnectionInfo;
  readonly #options: ConnectionOptions;
  #lastActivity = performance.now();
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #slow = false;
  /** The socket is corked until the end of this tick: see `sendFrame`. */
  #corked = false;
  #resolveClosed!: () => void;
  /** Settles once the socket has closed and the connection's timers are gone. */
  readonly closed = new Promise<void>((resolve) => (this.#resolveClosed = resolve));

  constructor(socket: WebSocket, info: ConnectionInfo, options: ConnectionOptions) {
    this.#socket = socket;
    const tcp = (socket as unknown as { _socket?: Duplex })._socket;
    this.#tcp = socket.extensions === '' && typeof tcp?.write === 'function' ? tcp : undefined;
    this.#info = info;
    this.#options = options;
    // A new-API account socket is its OTP's account from the start: it has no `authorize`.
    this.auth = info.boundAuth;
    this.streams = new StreamTable(
      info.api === 'options' ? optionsStreamLimits(options.streamLimits) : options.streamLimits,
    );
    this.states = new ConnectionStates(options.connectionSlots);
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    // Control frames are traffic too: Mojo's stream timer resets on every read.
    socket.on('ping', (data) => this.#answerPing(data));
    socket.on('pong', () => this.#touch());
    socket.on('error', () => {
      // ws reports protocol violations (bad UTF-8, oversized frames) here and then closes
      // with the matching code (1007, 1009); the close handler does the bookkeeping.
    });
    socket.on('close', (code) => this.#onClose(code));
    this.#armIdleTimer(options.idleTimeoutMs);
  }

  state<T>(slot: ConnectionSlot<T>): T {
    return this.states.get(slot);
  }

  get api(): ApiKind {
    return this.#info.api;
  }
  get channel(): OptionsChannel | undefined {
    return this.#info.channel;
  }
  get appId(): string {
    return this.#info.appId;
  }
  get lang(): string {
    return this.#info.lang;
  }
  get brand(): string {
    return this.#info.brand;
  }
  get appIdRegistered(): boolean {
    return this.#info.appIdRegistered;
  }
  get remoteAddress(): string {
    return this.#info.remoteAddress;
  }
  get userAgent(): string {
    return this.#info.userAgent;
  }
  get isOpen(): boolean {
    return !this.#closed && this.#socket.readyState === this.#socket.OPEN;
  }

  sendText(text: string): void {
    if (!this.isOpen) return;
    this.#touch();
    this.#socket.send(text);
    this.#checkBacklog();
  }

  sendFrame(frame: Buffer): void {
    if (!this.isOpen) return;
    this.#touch();
    if (this.#tcp) {
      // Many frames for one socket in one tick (a settlement's hundred transaction messages, a
      // burst of replies) go out as one writev instead of one write each; a lone frame waits
      // only until the end of the tick.
      if (!this.#corked) {
        this.#corked = true;
        this.#tcp.cork();
        process.nextTick(() => {
          this.#corked = false;
          this.#tcp!.uncork();
        });
      }
      this.#tcp.write(frame);
    } else this.#socket.send(framePayload(frame), { binary: false });
    this.#checkBacklog();
  }

  /**
   * Every ping gets its pong, as on the real server, however many arrive at once: the pongs
   * wait in the socket's buffer like any other frame, under `maxBufferedBytes`. (ws's own
   * auto-pong, turned off in the server, dropped a client with 1006 after 60 unsent pongs.)
   */
  #answerPing(data: Buffer): void {
    this.#touch();
    if (!this.isOpen) return;
    this.#socket.pong(data);
    this.#checkBacklog();
  }

  #checkBacklog(): void {
    if (this.#socket.bufferedAmount > this.#options.maxBufferedBytes) this.#dropSlowConsumer();
  }

  /**
   * A client that does not read while its streams keep coming would make the server hold
   * its messages without limit. Past the bound it is told why (1008) and, since a client
   * that reads nothing will not read a close frame either, dropped a second later.
   */
  #dropSlowConsumer(): void {
    if (this.#closed || this.#slow) return;
    this.#slow = true;
    this.streams.close();
    this.close(CloseCode.PolicyViolation, `slow consumer: more than ${this.#options.maxBufferedBytes} bytes waiting`);
    setTimeout(() => this.terminate(), 1_000).unref();
  }

  close(code: number, reason: string): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.close(code, reason);
  }

  closeWithoutStatus(): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.close();
  }

  pauseReading(): void {
    if (this.isOpen) this.#socket.pause();
  }

  resumeReading(): void {
    if (this.isOpen) this.#socket.resume();
  }

  /** Drops the TCP connection without a close frame; the client sees 1006. */
  terminate(): void {
    this.#socket.terminate();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    this.#touch();
    if (isBinary) {
      this.close(CloseCode.UnsupportedData, 'binary frames are not supported');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data.toString());
    } catch {
      this.close(CloseCode.InvalidPayload, 'invalid JSON');
      return;
    }
    this.#options.pipeline.handle(this, value);
  }

  #touch(): void {
    this.#lastActivity = performance.now();
  }

  /**
   * One timer per connection, re-armed lazily: traffic only records a timestamp, and the
   * timer, when it fires, sleeps again for whatever is left of the window.
   */
  #armIdleTimer(ms: number): void {
    if (this.#options.idleTimeoutMs <= 0) return;
    this.#idleTimer = setTimeout(() => {
      const idleFor = performance.now() - this.#lastActivity;
      const left = this.#options.idleTimeoutMs - idleFor;
      if (left > 0) return this.#armIdleTimer(left);
      // As the real server: the TCP connection is closed with no close frame.
      this.terminate();
    }, ms);
  }

  #onClose(code: number): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    this.streams.close();
    this.#options.onClose(this, code);
    this.#resolveClosed();
  }
}
