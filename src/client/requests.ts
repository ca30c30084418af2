import { withReqId } from '../protocol/envelope.js';
import { rateBucketOf, type RateBucket } from '../protocol/rate-limits.js';
import { DeadlineQueues } from './deadlines.js';
import { AbortError, ConnectionLostError, TimeoutError, derivErrorFrom, type DerivWsError } from './errors.js';
import type { OutgoingFrame } from './outbox.js';
import { retryAction, type RetryCandidate, type RetryPolicy } from './retry-policy.js';
import { monotonicNow } from './timers.js';

// A parsed frame from the server, read field by field as its `msg_type` says; typing it is
// the public surface's job (call-types.ts), not the router's.
// biome-ignore lint/suspicious/noExplicitAny: untyped JSON from the wire, see above
type ServerMessage = Record<string, any>;

/**
 * Where a request is in its life, on the current connection:
 * `queued` (waiting for a socket or rate budget) → `sent` → `settled` for a call; a stream
 * goes from `sent` to `streaming` at its first message and stays until it is released.
 * `abandoned`: a stream given up before the server answered; whatever it opens is forgotten.
 */
export type RequestStatus = 'queued' | 'sent' | 'streaming' | 'abandoned' | 'settled';

export interface CallSpec {
  /** The call's name: it decides the rate budget and whether the request may be sent again. */
  call: string;
  /** The request as JSON, without `req_id`. */
  body: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The client's own requests (keep-alive, re-authorization, forget) stay out of user limits. */
  internal?: boolean;
  /** Goes out before anything else while a reconnected socket is restored (re-authorization). */
  priority?: boolean;
}

/**
 * One request on the wire, by its `req_id`. It is its own outbox frame, so queueing it costs
 * no extra allocation. What the tracker needs of both kinds is declared here; each kind
 * keeps only the fields it needs (a stream request lives as long as its stream, thousands
 * at a time, so it borrows the rest from its stream).
 */
export abstract class TrackedRequest implements OutgoingFrame, RetryCandidate {
  abstract status: RequestStatus;
  /** How often the server answered `RateLimit` to it (it backs off further each time). */
  abstract rateLimited: number;
  /** Calls count their deadline from the call, queueing included; streams from their send. */
  abstract deadline: number;
  abstract readonly kind: 'call' | 'stream';
  abstract readonly reqId: number;
  abstract readonly call: string;
  /** The request as JSON, without `req_id`. */
  abstract readonly body: string;
  abstract readonly timeoutMs: number;
  abstract readonly bucket: RateBucket | undefined;
  abstract readonly internal: boolean;
  abstract readonly priority: boolean;
  abstract readonly resumable: boolean;
  protected abstract readonly tracker: RequestTracker;

  get sent(): boolean {
    return this.status !== 'queued';
  }

  /** No deadline applies any more: it settled, streams, or was given up. */
  get done(): boolean {
    return this.status !== 'queued' && this.status !== 'sent';
  }

  isLive(): boolean {
    return this.status === 'queued';
  }

  transmit(): void {
    this.tracker.transmit(this);
  }

  /** A message that answers this request: a call's reply, or any message of a stream. */
  abstract onMessage(message: ServerMessage): void;
  /** It failed: an error reply, its timeout, an abort, or its connection. */
  abstract onFailure(error: DerivWsError): void;
}

/** A one-shot call: settles once, with its reply or an error. */
export class CallRequest<T = unknown> extends TrackedRequest {
  readonly kind = 'call';
  status: RequestStatus = 'queued';
  rateLimited = 0;
  deadline: number;
  onAbort: (() => void) | undefined;
  readonly bucket: RateBucket | undefined;
  readonly resumable = false;
  resolve!: (reply: T) => void;
  reject!: (error: Error) => void;

  constructor(
    protected readonly tracker: RequestTracker,
    readonly reqId: number,
    readonly call: string,
    readonly body: string,
    readonly timeoutMs: number,
    readonly signal: AbortSignal | undefined,
    readonly internal: boolean,
    readonly priority: boolean,
  ) {
    super();
    this.bucket = rateBucketOf(call);
    this.deadline = monotonicNow() + timeoutMs;
  }

  onMessage(message: ServerMessage): void {
    this.resolve(message as T);
  }

  onFailure(error: DerivWsError): void {
    this.reject(error);
  }
}

/** What a stream's request needs of the stream it belongs to. */
export interface StreamOwner {
  /** The request it sends now: the original, or the one that follows it by id after a drop. */
  readonly call: string;
  readonly body: string;
  readonly timeoutMs: number;
  /** Its first reply named what a money-moving stream opened: it can be followed again. */
  readonly resumable: boolean;
  /** Every message of the stream, the first one included. */
  receive(message: ServerMessage): void;
  /** The stream failed before or while streaming. */
  fail(error: DerivWsError): void;
  /** The connection is gone and the stream goes on: `resend` its request, or `resume` by id. */
  reopen(action: 'resend' | 'resume'): StreamRequest;
}

/** The request of one stream on one connection; a reconnect makes a new one. */
export class StreamRequest extends TrackedRequest {
  status: RequestStatus = 'queued';
  rateLimited = 0;
  deadline = Infinity;
  /**
   * Once abandoned, called when what it opened is forgotten (or it opened nothing, or its
   * connection went): an `unsubscribe()` waits for it, so the server holds nothing when it
   * resolves, and the same stream asked again is not `AlreadySubscribed`.
   */
  left?: () => void;

  constructor(
    protected readonly tracker: RequestTracker,
    readonly reqId: number,
    readonly owner: StreamOwner,
  ) {
    super();
  }

  get kind(): 'stream' {
    return 'stream';
  }
  get call(): string {
    return this.owner.call;
  }
  get body(): string {
    return this.owner.body;
  }
  get timeoutMs(): number {
    return this.owner.timeoutMs;
  }
  get bucket(): RateBucket | undefined {
    return rateBucketOf(this.owner.call);
  }
  get internal(): boolean {
    return false;
  }
  get priority(): boolean {
    return false;
  }
  get resumable(): boolean {
    return this.owner.resumable;
  }

  onMessage(message: ServerMessage): void {
    this.owner.receive(message);
  }

  onFailure(error: DerivWsError): void {
    this.owner.fail(error);
  }
}

export interface RequestTrackerHooks {
  /** Puts a frame on the socket. */
  send(frame: string): void;
  /** Hands a request to the outbox (rate pacing, ordering). */
  enqueue(request: TrackedRequest): void;
  /** Hands requests that were sent before to the outbox, ahead of what waits, in this order. */
  enqueueFirst(requests: readonly TrackedRequest[]): void;
  /** Asks the server to stop a stream that nobody wants any more. Never rejects. */
  forget(serverId: string): Promise<void>;
  /** Calls `resend` after the backoff for its `attempt`-th `RateLimit`. */
  resendLater(request: TrackedRequest, attempt: number): void;
  /** What the retry decision reads: the options, and whether a next connection will come. */
  policy(): RetryPolicy;
}

/**
 * The one place that knows every request's life: its `req_id`, its timeout, its abort, its
 * place in the queue, whether it was sent, and what happens to it when the connection drops
 * or the server says `RateLimit` (decided by `retryAction`, from the call table). One-shot
 * calls and stream requests live here alike; streams build on it.
 *
 * The client owns `req_id`, so ids never collide, and an entry leaves the table the moment it
 * settles: the table never holds a settled request.
 */
export class RequestTracker {
  readonly #byReqId = new Map<number, TrackedRequest>();
  #lastReqId = 0;
  /** User calls not yet sent, kept as a count so bounding the queue costs nothing per call. */
  #queued = 0;
  #calls = 0;
  readonly #deadlines = new DeadlineQueues<TrackedRequest>((request) => this.#expire(request));

  constructor(private readonly hooks: RequestTrackerHooks) {}

  /** One-shot calls waiting in flight or in the queue (what `pendingCount` reports). */
  get callCount(): number {
    return this.#calls;
  }

  /** User calls not yet sent: the ones `maxQueued` bounds. */
  get queuedCount(): number {
    return this.#queued;
  }

  /** Registers a call and queues it; its promise is armed with its timeout and abort signal. */
  call<T>(spec: CallSpec): Promise<T> {
    let request!: CallRequest<T>;
    const promise = new Promise<T>((resolve, reject) => {
      request = new CallRequest<T>(
        this,
        ++this.#lastReqId,
        spec.call,
        spec.body,
        spec.timeoutMs,
        spec.signal,
        spec.internal ?? false,
        spec.priority ?? false,
      );
      request.resolve = resolve;
      request.reject = reject;
    });
    this.#register(request);
    if (Number.isFinite(request.timeoutMs)) this.#deadlines.add(request.timeoutMs, request);
    this.hooks.enqueue(request);
    return promise;
  }

  /**
   * Registers a request for the stream `owner`. It is queued at once unless `enqueue` is false
   * (a reconnect queues the restored streams itself, in order).
   */
  stream(owner: StreamOwner, enqueue = true): StreamRequest {
    const request = new StreamRequest(this, ++this.#lastReqId, owner);
    this.#register(request);
    if (enqueue) this.hooks.enqueue(request);
    return request;
  }

  /**
   * Routes a message to the request it answers. Returns the request, or undefined when the
   * message answers none (a foreign req_id, or none).
   */
  route(message: ServerMessage): TrackedRequest | undefined {
    const reqId = message.req_id;
    if (typeof reqId !== 'number') return undefined;
    const request = this.#byReqId.get(reqId);
    if (!request) return undefined;
    if (request.status === 'abandoned') {
      const id = message.subscription?.id;
      const { left } = request as StreamRequest;
      void (typeof id === 'string' ? this.hooks.forget(id) : Promise.resolve()).then(left);
      return request;
    }
    if (message.error && typeof message.error === 'object') {
      const error = derivErrorFrom(message);
      if (error.code === 'RateLimit' && retryAction('rate-limited', request, this.hooks.policy()) === 'resend')
        this.#backOff(request);
      else this.fail(request, error);
      return request;
    }
    if (request.kind === 'call') {
      this.#settle(request);
    } else if (request.status !== 'streaming') {
      request.status = 'streaming';
      this.#compact(request);
    }
    request.onMessage(message);
    return request;
  }

  /** Settles a request with `error` and forgets it. */
  fail(request: TrackedRequest, error: DerivWsError): void {
    if (!this.#settle(request)) return;
    request.onFailure(error);
  }

  /**
   * A stream is done with its request. One the server has not answered yet is remembered, so
   * whatever it opens is forgotten on sight; one still queued simply never goes out.
   * Returns whether the stream was streaming (so the caller forgets it on the server).
   */
  release(request: StreamRequest): boolean {
    if (this.#byReqId.get(request.reqId) !== request || request.status === 'abandoned') return false;
    const wasStreaming = request.status === 'streaming';
    if (request.status === 'sent') {
      request.status = 'abandoned';
      this.#compact(request);
    } else {
      this.#settle(request);
    }
    return wasStreaming;
  }

  /**
   * The connection is gone. Each request that was sent is sent again, resumed, or settled
   * with `ConnectionLostError { sent: true }`, as `retryAction` decides; what was never sent
   * waits for the next connection. The server forgot every stream with the connection.
   */
  connectionLost(why: string): void {
    const policy = this.hooks.policy();
    const again: TrackedRequest[] = [];
    for (const request of [...this.#byReqId.values()]) {
      // A listener of an earlier settlement may have released or settled this one meanwhile.
      if (this.#byReqId.get(request.reqId) !== request) continue;
      if (request.status === 'abandoned') {
        this.#settle(request);
        continue;
      }
      const action = retryAction('connection-lost', request, policy);
      if (action === 'wait') continue;
      if (action === 'give-up') {
        this.fail(request, new ConnectionLostError(true, why));
      } else if (request instanceof StreamRequest) {
        this.#settle(request);
        again.push(request.owner.reopen(action));
      } else {
        this.#requeue(request);
        again.push(request);
      }
    }
    // Sent before everything that waits: at the front of their queues, in their first order.
    if (again.length > 0) this.hooks.enqueueFirst(again);
  }

  /** Settles every call with an error built for it, and drops every stream request (the streams end themselves). */
  clear(errorFor: (request: TrackedRequest) => DerivWsError): void {
    for (const request of [...this.#byReqId.values()]) {
      if (request.kind === 'call') this.fail(request, errorFor(request));
      else this.#settle(request);
    }
    this.#deadlines.clear();
  }

  /** The request goes out: called by its own transmit(), when the outbox lets it. */
  transmit(request: TrackedRequest): void {
    request.status = 'sent';
    if (request.kind === 'call') {
      if (!request.internal) this.#queued--;
    } else if (request.rateLimited === 0 && Number.isFinite(request.timeoutMs)) {
      // A stream's confirmation counts from its send: it may have waited out an outage. A
      // send after a RateLimit keeps the first deadline (one entry per request in the queues).
      request.deadline = monotonicNow() + request.timeoutMs;
      this.#deadlines.add(request.timeoutMs, request);
    }
    this.hooks.send(withReqId(request.body, request.reqId));
  }

  /** Sends a rate-limited request again, once its backoff has passed and if it is still wanted. */
  resend(request: TrackedRequest): void {
    if (this.#byReqId.get(request.reqId) === request && request.status === 'queued') this.hooks.enqueue(request);
  }

  #register(request: TrackedRequest): void {
    this.#byReqId.set(request.reqId, request);
    if (request.kind === 'call') {
      this.#calls++;
      if (!request.internal) this.#queued++;
    }
    if (request instanceof CallRequest && request.signal) {
      const { signal } = request;
      request.onAbort = () => this.fail(request, new AbortError(request.sent, signal.reason));
      signal.addEventListener('abort', request.onAbort, { once: true });
    }
  }

  /** A `RateLimit` answer: back to unsent, and again after a backoff, within its own timeout. */
  #backOff(request: TrackedRequest): void {
    this.#requeue(request);
    request.rateLimited++;
    this.hooks.resendLater(request, request.rateLimited);
  }

  #requeue(request: TrackedRequest): void {
    if (request.status !== 'sent' && request.status !== 'streaming') return;
    request.status = 'queued';
    if (request.kind === 'call' && !request.internal) this.#queued++;
  }

  #expire(request: TrackedRequest): void {
    const error = new TimeoutError(request.timeoutMs, request.sent);
    if (request.kind === 'stream' && request.status === 'sent') {
      request.status = 'abandoned';
      request.onFailure(error);
    } else {
      this.fail(request, error);
    }
  }

  /** Removes a request from the table. Returns false if it had already left. */
  #settle(request: TrackedRequest): boolean {
    if (this.#byReqId.get(request.reqId) !== request) return false;
    this.#byReqId.delete(request.reqId);
    if (request.kind === 'call') {
      this.#calls--;
      if (request.status === 'queued' && !request.internal) this.#queued--;
    }
    request.status = 'settled';
    this.#compact(request);
    (request as StreamRequest).left?.();
    if (request instanceof CallRequest && request.onAbort)
      request.signal?.removeEventListener('abort', request.onAbort);
    return true;
  }

  #compact(request: TrackedRequest): void {
    if (Number.isFinite(request.timeoutMs)) this.#deadlines.compact(request.timeoutMs);
  }
}
