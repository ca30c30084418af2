import { CALLS, isMoneyMoving, streamOf } from '../protocol/calls.js';
import { followsOneContract, isFinalContractMessage, resumeRequestFor } from '../protocol/money-streams.js';
import type { DerivWsError } from './errors.js';
import type { OverflowPolicy } from './message-buffer.js';
import type { RequestTracker, StreamOwner, StreamRequest } from './requests.js';
import { Subscription, type BufferOptions, type Sequenced, type StreamSource } from './subscription.js';

/** What the stream registry needs from the client. */
export interface StreamTransport {
  /** Whether the connection is open and restored, so a forget can go out now. */
  isOpen(): boolean;
  /** Starts connecting if the client is not already. */
  ensureConnecting(): void;
  /** Where every stream's request lives, as calls' do. */
  readonly requests: RequestTracker;
  /** Asks the server to stop one stream. Never rejects. */
  forget(serverId: string): Promise<void>;
}

export interface OpenStreamOptions extends Partial<BufferOptions> {
  timeoutMs: number;
}

/** Streams whose every message is an event (the table's `events`): losing one silently is worse than stopping. */
export function defaultOverflow(call: string): OverflowPolicy {
  return CALLS.get(call)?.eventStream ? 'error' : 'drop-oldest';
}

export const DEFAULT_BUFFER_SIZE = 256;

// A parsed frame from the server, read field by field as its `msg_type` says; typing it is
// the public surface's job (call-types.ts), not the router's.
// biome-ignore lint/suspicious/noExplicitAny: untyped JSON from the wire, see above
type ServerMessage = Record<string, any>;

/**
 * One server subscription (or several, for `ticks: [a, b]`) and every handle sharing it.
 * It outlives connections: after a reconnect it is requested again, or followed by id, and
 * its handles carry on. Its request on the current connection lives in the request tracker.
 */
class SharedStream implements StreamSource<ServerMessage>, StreamOwner {
  /** The request on the current connection; undefined once the stream has ended. */
  request: StreamRequest | undefined;
  /**
   * The server's ids for it on this connection: one, as a string, for all but `ticks: [a, b]`.
   * Arrays are made only when needed: pushing to an empty array reserves 16 slots (144 B), and
   * thousands of streams each hold these.
   */
  #serverIds: string | string[] | undefined;
  /** An array, not a Set: usually one or two handles, and thousands of streams. Made with its first handle. */
  handles: Subscription<ServerMessage>[] | undefined;
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
  /**
   * For a money-moving stream whose first reply named what it opened: the read-only request
   * that follows it after a drop (the money-moving one is never sent again).
   */
  #resume: { call: string; body: string } | undefined;
  /** When the last message arrived (ms since the epoch), and whether a reconnect interrupted the stream since. */
  lastMessageAt = 0;
  interrupted = false;

  constructor(
    readonly key: string | undefined,
    /** The call it sends now: after a resume, the one that follows by id. */
    public call: string,
    /** The passthrough the server echoes on this stream: the first subscriber's. */
    readonly passthrough: unknown,
    /** The request as JSON, without `req_id`. */
    public body: string,
    readonly timeoutMs: number,
    private readonly registry: StreamRegistry,
  ) {}

  get resumable(): boolean {
    return this.#resume !== undefined;
  }

  /** The `forget_all` type it answers to. */
  get type(): string | undefined {
    return streamOf(this.call, this.#request())?.type;
  }

  get serverId(): string | undefined {
    const ids = this.#serverIds;
    return typeof ids === 'string' ? ids : ids?.[0];
  }

  get serverIds(): readonly string[] {
    const ids = this.#serverIds;
    return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  }

  addHandle(handle: Subscription<ServerMessage>): void {
    if (this.handles) this.handles.push(handle);
    else this.handles = [handle];
  }

  replay(): readonly Sequenced<ServerMessage>[] {
    const items: Sequenced<ServerMessage>[] = [];
    // The initial history is always message 1.
    if (this.#initial) items.push({ seq: 1, message: this.#initial });
    if (this.#latest && this.#latest !== this.#initial) items.push({ seq: this.#seq, message: this.#latest });
    return items;
  }

  release(handle: Subscription<ServerMessage>): Promise<void> {
    const index = this.handles?.indexOf(handle) ?? -1;
    if (index >= 0) this.handles!.splice(index, 1);
    if (this.handles && this.handles.length > 0) return Promise.resolve();
    return this.registry.retire(this);
  }

  receive(message: ServerMessage): void {
    const id = message.subscription?.id;
    if (typeof id === 'string') this.#noteServerId(id);
    if (this.#seq === 0 && isMoneyMoving(this.call)) this.#planResume(message);
    if (this.#isRepeat(message)) return;
    const now = Date.now();
    if (this.interrupted) {
      this.interrupted = false;
      const gap = { from: this.lastMessageAt, to: now, downMs: now - this.lastMessageAt };
      for (const handle of [...(this.handles ?? [])]) handle.reportGap(gap);
    }
    this.lastMessageAt = now;
    const item = { seq: ++this.#seq, message };
    // ticks_history answers first with the history (or candles) itself; late joiners need it too.
    if (message.msg_type === 'history' || message.msg_type === 'candles') this.#initial = message;
    this.#latest = message;
    const { handles } = this;
    if (handles?.length === 1) handles[0]!.deliver(item);
    else for (const handle of [...(handles ?? [])]) handle.deliver(item);
    // The server stops a one-contract stream after the contract is sold: nothing to forget.
    if (isFinalContractMessage(message) && this.#followsOneContract()) this.registry.finish(this);
  }

  fail(error: DerivWsError): void {
    this.registry.finish(this, error);
  }

  /** The connection is gone: wait for the next one, keeping the handles. */
  suspend(): void {
    if (this.lastMessageAt > 0) this.interrupted = true;
    this.#serverIds = undefined;
  }

  reopen(action: 'resend' | 'resume'): StreamRequest {
    if (action === 'resume' && this.#resume) {
      this.call = this.#resume.call;
      this.body = this.#resume.body;
      this.#resume = undefined;
    }
    return this.registry.request(this, false);
  }

  end(error?: DerivWsError): void {
    for (const handle of this.handles?.splice(0) ?? []) handle.end(error);
  }

  #noteServerId(id: string): void {
    const ids = this.#serverIds;
    if (ids === undefined) this.#serverIds = id;
    else if (typeof ids === 'string') {
      if (ids !== id) this.#serverIds = [ids, id];
    } else if (!ids.includes(id)) ids.push(id);
  }

  /** The money-moving request's first reply names what it opened: remember how to follow it. */
  #planResume(firstReply: ServerMessage): void {
    const next = resumeRequestFor(this.call, firstReply);
    if (!next) return;
    if (this.passthrough !== undefined) next.passthrough = this.passthrough;
    const [call] = Object.keys(next);
    this.#resume = { call: call!, body: JSON.stringify(next) };
  }

  #followsOneContract(): boolean {
    // After a resume the stream is a proposal_open_contract for one contract_id.
    return followsOneContract(this.call, this.#request());
  }

  /** The request it sends now, as an object: kept only as JSON, thousands of streams each hold one. */
  #request(): ServerMessage {
    return JSON.parse(this.body) as ServerMessage;
  }

  #isRepeat(message: ServerMessage): boolean {
    const payload = message.msg_type === 'tick' ? message.tick : message.msg_type === 'ohlc' ? message.ohlc : undefined;
    if (!payload || typeof payload.epoch !== 'number') return false;
    const symbol = String(payload.symbol);
    this.#symbol ??= symbol;
    const last = symbol === this.#symbol ? this.#epoch : this.#otherEpochs?.get(symbol);
    // Ticks never repeat an epoch; an ohlc update may (it follows the candle, not the tick).
    if (last !== undefined && (payload.epoch < last || (payload.epoch === last && message.msg_type === 'tick')))
      return true;
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
 * Every stream the client holds, by sharing key. Identical requests share one server
 * subscription, counted by handle; the server is told to `forget` it when the last handle
 * leaves. Each stream's request lives in the request tracker, which routes its messages and
 * decides, after a drop, whether it is requested again, followed by id, or ended.
 */
export class StreamRegistry {
  readonly #byKey = new Map<string, SharedStream>();
  readonly #streams = new Set<SharedStream>();

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
      this.request(stream);
      this.transport.ensureConnecting();
    }
    const handle = new Subscription<ServerMessage>(
      stream,
      bufferOptions(options.bufferSize ?? DEFAULT_BUFFER_SIZE, options.overflow ?? defaultOverflow(call)),
    );
    if (joining && canonical(passthrough) !== canonical(stream.passthrough))
      handle.rewritePassthrough(passthrough as Record<string, unknown> | undefined);
    stream.addHandle(handle);
    if (joining) {
      // A late joiner gets what the others already have, once its listeners are attached.
      const replay = stream.replay();
      if (replay.length) {
        queueMicrotask(() => {
          for (const item of replay) handle.deliver(item);
        });
      }
    }
    return handle;
  }

  /** The connection is gone; every stream waits for the next one (the tracker decides how it goes on). */
  onConnectionLost(): void {
    for (const stream of this.#streams) stream.suspend();
  }

  /** Every stream ends, with `error` if given (the client closed, or gave up). */
  endAll(error?: DerivWsError): void {
    for (const stream of [...this.#streams]) this.finish(stream, error);
  }

  /**
   * Ends the streams the server has just forgotten (after `forget_all`): those of the
   * forgotten types, confirmed or not (one requested again after a reconnect may not have
   * answered yet; whatever it opens is forgotten on sight), and any whose ids all went.
   * `error`, if given, ends their handles (the new API's account switch).
   */
  onForgotten(types: readonly string[], serverIds: readonly string[], error?: DerivWsError): void {
    const forgottenTypes = new Set(types);
    const forgotten = new Set(serverIds);
    for (const stream of [...this.#streams]) {
      const ids = stream.serverIds;
      if (forgottenTypes.has(stream.type ?? '') || (ids.length > 0 && ids.every((id) => forgotten.has(id))))
        this.finish(stream, error);
    }
  }

  /** The last handle left: forget the stream on the server, or make sure it is forgotten once it appears. */
  async retire(stream: SharedStream): Promise<void> {
    const { serverIds, request } = stream;
    const streaming = this.finish(stream);
    if (streaming && this.transport.isOpen()) await Promise.all(serverIds.map((id) => this.transport.forget(id)));
    // Sent and not answered yet: done once what it opens is forgotten.
    else if (request?.status === 'abandoned') await new Promise<void>((resolve) => (request.left = resolve));
  }

  /**
   * The stream is over: its handles end (with `error`, if any) and its request leaves the
   * tracker. Returns whether the server was streaming it, so it may need forgetting.
   */
  finish(stream: SharedStream, error?: DerivWsError): boolean {
    this.#streams.delete(stream);
    if (stream.key !== undefined && this.#byKey.get(stream.key) === stream) this.#byKey.delete(stream.key);
    const { request } = stream;
    stream.request = undefined;
    const streaming = request !== undefined && this.transport.requests.release(request);
    stream.end(error);
    return streaming;
  }

  /** A new request for the stream on the current connection; queued now unless `enqueue` is false. */
  request(stream: SharedStream, enqueue = true): StreamRequest {
    return (stream.request = this.transport.requests.stream(stream, enqueue));
  }
}
