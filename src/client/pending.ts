import { rateBucketOf, type RateBucket } from '../protocol/rate-limits.js';
import { DeadlineQueues } from './deadlines.js';
import { AbortError, TimeoutError } from './errors.js';
import type { OutgoingFrame } from './outbox.js';
import { monotonicNow } from './timers.js';

export interface AddCallOptions {
  /** The call's name, which decides its rate budget and whether it may be sent again. */
  call: string;
  frame: (reqId: number) => string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The client's own calls (keep-alive, re-authorization, forget) stay out of user limits. */
  internal?: boolean;
  /** Goes out before anything else while a reconnected socket is restored (re-authorization). */
  priority?: boolean;
}

/**
 * One call waiting for its reply. It is its own outbox frame, so queueing it costs no
 * extra allocation; it lives in the table only until it settles.
 */
export class PendingCall implements OutgoingFrame {
  /** Whether the frame has been handed to a socket: it decides what a lost connection means. */
  sent = false;
  /** Settled, one way or another. */
  done = false;
  /** How often the server answered `RateLimit` to it (read-only calls wait and go again). */
  rateLimited = 0;
  onAbort: (() => void) | undefined;
  readonly bucket: RateBucket | undefined;
  readonly deadline: number;

  constructor(
    private readonly table: PendingCalls,
    readonly reqId: number,
    readonly call: string,
    readonly frame: string,
    readonly timeoutMs: number,
    readonly internal: boolean,
    readonly priority: boolean,
    readonly signal: AbortSignal | undefined,
    readonly resolve: (reply: unknown) => void,
    readonly reject: (error: Error) => void,
  ) {
    this.bucket = rateBucketOf(call);
    this.deadline = monotonicNow() + timeoutMs;
  }

  isLive(): boolean {
    return !this.done && !this.sent;
  }

  transmit(): void {
    this.table.transmit(this);
  }
}

/**
 * The calls in flight, by `req_id`. The client owns `req_id`, so ids never collide, and an
 * entry is removed the moment it settles (reply, error, timeout, abort or lost connection):
 * the table never holds a settled call.
 */
export class PendingCalls {
  readonly #calls = new Map<number, PendingCall>();
  /** User calls not yet sent, kept as a count so bounding the queue costs nothing per call. */
  #queued = 0;
  readonly #deadlines = new DeadlineQueues<PendingCall>((call) => this.settle(call.reqId, new TimeoutError(call.timeoutMs, call.sent)));

  /**
   * `nextReqId` is shared with the client's streams, so a req_id is never used twice;
   * `send` puts a frame on the socket.
   */
  constructor(
    private readonly nextReqId: () => number,
    private readonly send: (call: PendingCall) => void,
  ) {}

  get size(): number {
    return this.#calls.size;
  }

  /** User calls not yet sent: the ones `maxQueued` bounds. */
  get queuedCount(): number {
    return this.#queued;
  }

  /** Registers a call and returns its promise, already armed with its timeout and abort signal. */
  add<T>({ call, frame, timeoutMs, signal, internal = false, priority = false }: AddCallOptions): { call: PendingCall; promise: Promise<T> } {
    const reqId = this.nextReqId();
    let entry!: PendingCall;
    const promise = new Promise<T>((resolve, reject) => {
      entry = new PendingCall(this, reqId, call, frame(reqId), timeoutMs, internal, priority, signal, resolve as (reply: unknown) => void, reject);
    });
    if (Number.isFinite(timeoutMs)) this.#deadlines.add(timeoutMs, entry);
    if (signal) {
      entry.onAbort = () => this.settle(reqId, new AbortError(entry.sent, signal.reason));
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
    this.#calls.set(reqId, entry);
    if (!internal) this.#queued++;
    return { call: entry, promise };
  }

  get(reqId: number): PendingCall | undefined {
    return this.#calls.get(reqId);
  }

  /** Removes a call and settles it: with `outcome` if it is an Error, else resolves with it. */
  settle(reqId: number, outcome: unknown): boolean {
    const entry = this.#calls.get(reqId);
    if (!entry) return false;
    this.#calls.delete(reqId);
    if (!entry.sent && !entry.internal) this.#queued--;
    entry.done = true;
    if (Number.isFinite(entry.timeoutMs)) this.#deadlines.compact(entry.timeoutMs);
    if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
    if (outcome instanceof Error) entry.reject(outcome);
    else entry.resolve(outcome);
    return true;
  }

  /**
   * The connection is gone. Each call that was sent either settles with the error built for
   * it or, when `errorFor` gives none (a read-only call), goes back to unsent to be sent again.
   */
  connectionLost(errorFor: (call: PendingCall) => Error | undefined): PendingCall[] {
    const requeued: PendingCall[] = [];
    for (const entry of [...this.#calls.values()]) {
      if (!entry.sent) continue;
      const error = errorFor(entry);
      if (error) this.settle(entry.reqId, error);
      else {
        this.requeue(entry);
        requeued.push(entry);
      }
    }
    return requeued;
  }

  /** A sent call goes back to unsent, to be sent again (and counted as queued meanwhile). */
  requeue(call: PendingCall): void {
    if (!call.sent) return;
    call.sent = false;
    if (!call.internal) this.#queued++;
  }

  /** Settles every call with an error built for it (it needs to know whether each was sent). */
  settleAll(errorFor: (call: PendingCall) => Error): void {
    for (const entry of [...this.#calls.values()]) this.settle(entry.reqId, errorFor(entry));
    this.#deadlines.clear();
  }

  /** @internal Called by a call's own transmit(). */
  transmit(call: PendingCall): void {
    call.sent = true;
    if (!call.internal) this.#queued--;
    this.send(call);
  }
}
