import { CALLS } from '../protocol/calls.js';
import { TimeoutError, derivErrorFrom, type DerivWsError } from './errors.js';
import type { OverflowPolicy } from './message-buffer.js';
import { Subscription, type BufferOptions, type Sequenced, type StreamSource } from './subscription.js';
import { startTimer, stopTimer, type TimerHandle } from './timers.js';

/** What the stream registry needs from the client. */
export interface StreamTransport {
  isOpen(): boolean;
  /** Starts connecting if the client is not already. */
  ensureConnecting(): void;
  nextReqId(): number;
  /** Sends a frame on the open socket. */
  sendFrame(frame: string): void;
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
 *
 * Lifecycle: `queued` until the socket is open → `sent` until the first message or error
 * confirms it → `active` → `closed`. Messages are numbered so each handle sees each once.
 */
class SharedStream implements StreamSource<ServerMessage> {
  state: 'queued' | 'sent' | 'active' | 'closed' = 'queued';
  reqId: number | undefined;
  readonly serverIds: string[] = [];
  /** An array, not a Set: usually one or two handles, and thousands of streams. */
  readonly handles: Subscription<ServerMessage>[] = [];
  /** The latest message and its number; kept unwrapped, as thousands of streams each hold one. */
  #seq = 0;
  #latest: ServerMessage | undefined;
  #initial: ServerMessage | undefined;
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
    const item = { seq: ++this.#seq, message };
    // ticks_history answers first with the history (or candles) itself; late joiners need it too.
    if (this.#seq === 1 && (message.msg_type === 'history' || message.msg_type === 'candles')) this.#initial = message;
    this.#latest = message;
    for (const handle of [...this.handles]) handle.deliver(item);
  }

  end(error?: DerivWsError): void {
    stopTimer(this.confirmTimer);
    this.confirmTimer = undefined;
    this.state = 'closed';
    for (const handle of this.handles.splice(0)) handle.end(error);
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
 * to `forget` it when the last handle leaves.
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
    const shareable = CALLS.get(call)?.retry !== 'money';
    // passthrough does not split a stream (the server would refuse a second one anyway);
    // each handle gets its own passthrough back on every message instead.
    const { passthrough, ...withoutPassthrough } = request;
    const key = shareable ? canonical(withoutPassthrough) : undefined;
    // The request as sent; without a passthrough it is the key itself, one string for both.
    const body = key !== undefined && passthrough === undefined ? key : canonical(request);
    let stream = key === undefined ? undefined : this.#byKey.get(key);
    const joining = stream !== undefined && stream.state !== 'closed';
    if (!stream || !joining) {
      stream = new SharedStream(key, call, passthrough, body, options.timeoutMs, this);
      if (key !== undefined) this.#byKey.set(key, stream);
      this.#streams.add(stream);
      if (this.transport.isOpen()) this.#send(stream);
      else this.transport.ensureConnecting();
    }
    const handle = new Subscription<ServerMessage>(stream, bufferOptions(options.bufferSize ?? DEFAULT_BUFFER_SIZE, options.overflow ?? defaultOverflow(call)));
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

  /** The socket opened: send every stream still waiting for one. */
  onOpen(): void {
    for (const stream of this.#streams) if (stream.state === 'queued') this.#send(stream);
  }

  /** The connection is gone, or the client closed: every stream ends, with `error` if given. */
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
    const wasState = stream.state;
    this.#drop(stream);
    stream.end();
    if (wasState === 'sent' && stream.reqId !== undefined) this.#abandoned.add(stream.reqId);
    if (wasState === 'active' && this.transport.isOpen()) {
      await Promise.all(stream.serverIds.map((id) => this.transport.forget(id)));
    }
  }

  #send(stream: SharedStream): void {
    const reqId = this.transport.nextReqId();
    stream.reqId = reqId;
    stream.state = 'sent';
    this.#byReqId.set(reqId, stream);
    if (Number.isFinite(stream.timeoutMs)) {
      stream.confirmTimer = startTimer(stream.timeoutMs, () => {
        this.#drop(stream);
        this.#abandoned.add(reqId);
        stream.end(new TimeoutError(stream.timeoutMs, true));
      });
    }
    this.transport.sendFrame(`{"req_id":${reqId},${stream.body.slice(1)}`);
  }

  #drop(stream: SharedStream): void {
    this.#streams.delete(stream);
    if (stream.key !== undefined && this.#byKey.get(stream.key) === stream) this.#byKey.delete(stream.key);
    if (stream.reqId !== undefined) this.#byReqId.delete(stream.reqId);
  }
}
