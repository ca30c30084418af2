import { isMoneyMoving } from '../protocol/calls.js';
import { withReqId } from '../protocol/envelope.js';
import { rateBucketOf } from '../protocol/rate-limits.js';
import { TimeoutError, derivErrorFrom, type DerivWsError } from './errors.js';
import type { OverflowPolicy } from './message-buffer.js';
import type { OutgoingFrame } from './outbox.js';
import { Subscription, type BufferOptions, type Sequenced, type StreamSource } from './subscription.js';
import { startTimer, stopTimer, type TimerHandle } from './timers.js';

/** What the stream registry needs from the client. */
export interface StreamTransport {
  /** Whether the connection is open and restored, so frames go out now. */
  isOpen(): boolean;
  /** Starts connecting if the client is not already. */
  ensureConnecting(): void;
  nextReqId(): number;
  /** Hands a frame to the outbox (rate pacing, ordering). */
  enqueue(frame: OutgoingFrame): void;
  /** Puts a frame on the socket. */
  sendFrame(text: string): void;
  /** Asks the server to stop one stream. Never rejects. */
  forget(serverId: string): Promise<void>;
}

export interface OpenStreamOptions extends Partial<BufferOptions> {
  timeoutMs: number;
}

/** Streams whose every message is an event: losing one silently is worse than stopping. */
const EVENT_STREAMS = new Set(['transaction', 'p2p_order_create', 'p2p_order_info', 'p2p_order_list']);

export function defaultOverflow(call: string): OverflowPolicy {
  return EVENT_STREAMS.has(call) ? 'error' : 'drop-oldest';
}

export const DEFAULT_BUFFER_SIZE = 256;

type ServerMessage = Record<string, any>;

/**
 * One server subscription (or several, for `ticks: [a, b]`) and every handle sharing it.
 * It outlives connections: after a reconnect it is requested again and its handles carry on.
 *
 * Lifecycle per connection: `queued` (no socket) → `sending` (in the outbox) → `sent`
 * (awaiting its first message) → `active`; `closed` is final.
 */
class SharedStream implements StreamSource<ServerMessage> {
  state: 'queued' | 'sending' | 'sent' | 'active' | 'closed' = 'queued';
  reqId: number | undefined;
  serverIds: string[] = [];
  /** An array, not a Set: usually one or two handles, and thousands of streams. */
  readonly handles: Subscription<ServerMessage>[] = [];
  /** The latest message and its number; kept unwrapped, as thousands of streams each hold one. */
  #seq = 0;
  #latest: ServerMessage | undefined;
  #initial: ServerMessage | undefined;
  /**
   * The newest epoch delivered per symbol, for tick and ohlc messages, so none is delivered
   * twice. Most streams carry one symbol, kept in two fields; a Map only for the others.
   */
  #symbol: string | undefined;
  #epoch = 0;
  #otherEpochs: Map<string, number> | undefined;
  /** When the last message arrived (ms since the epoch), and whether a reconnect interrupted the stream since. */
  lastMessageAt = 0;
  interrupted = false;
  confirmTimer: TimerHandle | undefined;

  constructor(
    readonly key: string | undefined,
    readonly call: string,
    /** The passthrough the server echoes on this stream: the first subscriber's. */
    readonly passthrough: unknown,
    /** The request as JSON, without `req_id`. */
    readonly body: string,
    readonly timeoutMs: number,
    private readonly registry: StreamRegistry,
  ) {}

  replay(): readonly Sequenced<ServerMessage>[] {
    const items: Sequenced<ServerMessage>[] = [];
    // The initial history is always message 1.
    if (this.#initial) items.push({ seq: 1, message: this.#initial });
    if (this.#latest && this.#latest !== this.#initial) items.push({ seq: this.#seq, message: this.#latest });
    return items;
  }

  release(handle: Subscription<ServerMessage>): Promise<void> {
    const index = this.handles.indexOf(handle);
    if (index >= 0) this.handles.splice(index, 1);
    if (this.handles.length > 0) return Promise.resolve();
    return this.registry.retire(this);
  }

  receive(message: ServerMessage): void {
    const id = message.subscription?.id;
    if (typeof id === 'string' && !this.serverIds.includes(id)) this.serverIds.push(id);
    this.state = 'active';
    stopTimer(this.confirmTimer);
    this.confirmTimer = undefined;
    if (this.#isRepeat(message)) return;
    const now = Date.now();
    if (this.interrupted) {
      this.interrupted = false;
      const gap = { from: this.lastMessageAt, to: now, downMs: now - this.lastMessageAt };
      for (const handle of [...this.handles]) handle.reportGap(gap);
    }
    this.lastMessageAt = now;
    const item = { seq: ++this.#seq, message };
    // ticks_history answers first with the history (or candles) itself; late joiners need it too.
    if (message.msg_type === 'history' || message.msg_type === 'candles') this.#initial = message;
    this.#latest = message;
    for (const handle of [...this.handles]) handle.deliver(item);
  }

  /** The connection is gone: wait for the next one, keeping the handles. */
  suspend(): void {
    stopTimer(this.confirmTimer);
    this.confirmTimer = undefined;
    if (this.lastMessageAt > 0) this.interrupted = true;
    this.state = 'queued';
    this.reqId = undefined;
    this.serverIds = [];
  }

  end(error?: DerivWsError): void {
    stopTimer(this.confirmTimer);
    this.confirmTimer = undefined;
    this.state = 'closed';
    for (const handle of this.handles.splice(0)) handle.end(error);
  }

  #isRepeat(message: ServerMessage): boolean {
    const payload = message.msg_type === 'tick' ? message.tick : message.msg_type === 'ohlc' ? message.ohlc : undefined;
    if (!payload || typeof payload.epoch !== 'number') return false;
    const symbol = String(payload.symbol);
    this.#symbol ??= symbol;
    const last = symbol === this.#symbol ? this.#epoch : this.#otherEpochs?.get(symbol);
    // Ticks never repeat an epoch; an ohlc update may (it follows the candle, not the tick).
    if (last !== undefined && (payload.epoch < last || (payload.epoch === last && message.msg_type === 'tick'))) return true;
    if (symbol === this.#symbol) this.#epoch = payload.epoch;
    else (this.#otherEpochs ??= new Map()).set(symbol, payload.epoch);
    return false;
  }
}

const sharedBufferOptions = new Map<string, BufferOptions>();

/** One frozen options object per distinct setting, shared by every handle that uses it. */
function bufferOptions(bufferSize: number, overflow: OverflowPolicy): BufferOptions {
  const id = `${bufferSize}:${overflow}`;
  let options = sharedBufferOptions.get(id);
  if (!options) sharedBufferOptions.set(id, (options = Object.freeze({ bufferSize, overflow })));
  return options;
}

/** A stable text for a request, so identical requests (in any key order) share a stream. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
    .join(',')}}`;
}

/**
 * Every stream the client holds, by sharing key and by the `req_id` its messages carry.
 * Identical requests share one server subscription, counted by handle; the server is told
 * to `forget` it when the last handle leaves. Across reconnects the streams stay and are
 * requested again once the connection is restored.
 */
export class StreamRegistry {
  readonly #byKey = new Map<string, SharedStream>();
  readonly #byReqId = new Map<number, SharedStream>();
  readonly #streams = new Set<SharedStream>();
  /**
   * Requests whose stream was given up before the server confirmed it (unsubscribed early,
   * or timed out). Whatever subscription they still open is forgotten on sight.
   */
  readonly #abandoned = new Set<number>();

  constructor(private readonly transport: StreamTransport) {}

  /** Server streams currently held (shared streams count once). */
  get size(): number {
    return this.#streams.size;
  }

  open(call: string, request: Record<string, unknown>, options: OpenStreamOptions): Subscription<ServerMessage> {
    // Money-moving streams (`buy` with `subscribe`) each open a position: never share them.
    const shareable = !isMoneyMoving(call);
    // passthrough does not split a stream (the server would refuse a second one anyway);
    // each handle gets its own passthrough back on every message instead.
    const { passthrough, ...withoutPassthrough } = request;
    const key = shareable ? canonical(withoutPassthrough) : undefined;
    // The request as sent; without a passthrough it is the key itself, one string for both.
    const body = key !== undefined && passthrough === undefined ? key : canonical(request);
    let stream = key === undefined ? undefined : this.#byKey.get(key);
    const joining = stream !== undefined;
    if (!stream) {
      stream = new SharedStream(key, call, passthrough, body, options.timeoutMs, this);
      if (key !== undefined) this.#byKey.set(key, stream);
      this.#streams.add(stream);
      if (this.transport.isOpen()) this.#request(stream);
      else this.transport.ensureConnecting();
    }
    const handle = new Subscription<ServerMessage>(
      stream,
      bufferOptions(options.bufferSize ?? DEFAULT_BUFFER_SIZE, options.overflow ?? defaultOverflow(call)),
    );
    if (joining && canonical(passthrough) !== canonical(stream.passthrough)) handle.rewritePassthrough(passthrough as Record<string, unknown> | undefined);
    stream.handles.push(handle);
    if (joining) {
      // A late joiner gets what the others already have, once its listeners are attached.
      const replay = stream.replay();
      if (replay.length) queueMicrotask(() => replay.forEach((item) => handle.deliver(item)));
    }
    return handle;
  }

  /** Routes a message that belongs to a stream. Returns false for everything else. */
  route(message: ServerMessage): boolean {
    const reqId = message.req_id;
    if (typeof reqId !== 'number') return false;
    const stream = this.#byReqId.get(reqId);
    if (stream) {
      if (message.error) {
        this.#drop(stream);
        stream.end(derivErrorFrom(message));
      } else {
        stream.receive(message);
      }
      return true;
    }
    if (this.#abandoned.has(reqId)) {
      const id = message.subscription?.id;
      if (typeof id === 'string') void this.transport.forget(id);
      return true;
    }
    return false;
  }

  /** The connection is open and restored: request every stream again (re-authorization came first). */
  onRestored(): void {
    for (const stream of this.#streams) if (stream.state === 'queued') this.#request(stream);
  }

  /** The connection is gone; the streams wait for the next one. */
  onConnectionLost(): void {
    this.#abandoned.clear();
    this.#byReqId.clear();
    for (const stream of this.#streams) stream.suspend();
  }

  /** Every stream ends, with `error` if given (the client closed, or gave up). */
  endAll(error?: DerivWsError): void {
    this.#abandoned.clear();
    for (const stream of [...this.#streams]) {
      this.#drop(stream);
      stream.end(error);
    }
  }

  /** Ends the streams the server has just forgotten (after `forget_all`). */
  onForgotten(serverIds: readonly string[]): void {
    const forgotten = new Set(serverIds);
    for (const stream of [...this.#streams]) {
      if (stream.serverIds.length > 0 && stream.serverIds.every((id) => forgotten.has(id))) {
        this.#drop(stream);
        stream.end();
      }
    }
  }

  /** The last handle left: forget the stream on the server, or make sure it is forgotten once it appears. */
  async retire(stream: SharedStream): Promise<void> {
    const { state, reqId, serverIds } = stream;
    this.#drop(stream);
    stream.end();
    // A request still queued never goes out once its stream has ended; one already sent will be answered.
    if (state === 'sent' && reqId !== undefined) this.#abandoned.add(reqId);
    if (state === 'active' && this.transport.isOpen()) await Promise.all(serverIds.map((id) => this.transport.forget(id)));
  }

  #request(stream: SharedStream): void {
    const reqId = this.transport.nextReqId();
    stream.reqId = reqId;
    stream.state = 'sending';
    this.#byReqId.set(reqId, stream);
    this.transport.enqueue({
      bucket: rateBucketOf(stream.call),
      priority: false,
      isLive: () => stream.state === 'sending' && stream.reqId === reqId,
      transmit: () => {
        stream.state = 'sent';
        if (Number.isFinite(stream.timeoutMs)) {
          stream.confirmTimer = startTimer(stream.timeoutMs, () => {
            this.#drop(stream);
            this.#abandoned.add(reqId);
            stream.end(new TimeoutError(stream.timeoutMs, true));
          });
        }
        this.transport.sendFrame(withReqId(stream.body, reqId));
      },
    });
  }

  #drop(stream: SharedStream): void {
    this.#streams.delete(stream);
    if (stream.key !== undefined && this.#byKey.get(stream.key) === stream) this.#byKey.delete(stream.key);
    if (stream.reqId !== undefined) this.#byReqId.delete(stream.reqId);
  }
}
