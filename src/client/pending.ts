import { DeadlineQueues } from './deadlines.js';
import { AbortError, TimeoutError } from './errors.js';
import { monotonicNow } from './timers.js';

/** One call waiting for its reply. It lives in the table only until it settles. */
export interface PendingCall {
  readonly reqId: number;
  /** The serialised request, `req_id` included. */
  readonly frame: string;
  /** Whether the frame has been handed to a socket. Decides what a lost connection means. */
  sent: boolean;
  /** Internal calls (keep-alive pings) stay out of user-facing bookkeeping. */
  readonly internal: boolean;
  resolve(reply: unknown): void;
  reject(error: Error): void;
}

interface Entry extends PendingCall {
  readonly timeoutMs: number;
  readonly deadline: number;
  done: boolean;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export interface AddCallOptions {
  frame: (reqId: number) => string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  internal?: boolean;
}

/**
 * The calls in flight, by `req_id`. The client owns `req_id`, so ids never collide, and an
 * entry is removed the moment it settles (reply, error, timeout, abort or lost connection):
 * the table never holds a settled call.
 */
export class PendingCalls {
  #calls = new Map<number, Entry>();
  readonly #deadlines = new DeadlineQueues<Entry>((entry) => this.settle(entry.reqId, new TimeoutError(entry.timeoutMs, entry.sent)));

  /** `nextReqId` is shared with the client's streams, so a req_id is never used twice. */
  constructor(private readonly nextReqId: () => number) {}

  get size(): number {
    return this.#calls.size;
  }

  /** Registers a call and returns its promise, already armed with its timeout and abort signal. */
  add<T>({ frame, timeoutMs, signal, internal = false }: AddCallOptions): { call: PendingCall; promise: Promise<T> } {
    const reqId = this.nextReqId();
    let entry!: Entry;
    const promise = new Promise<T>((resolve, reject) => {
      entry = {
        reqId,
        frame: frame(reqId),
        sent: false,
        internal,
        resolve: resolve as (reply: unknown) => void,
        reject,
        timeoutMs,
        deadline: monotonicNow() + timeoutMs,
        done: false,
        signal,
        onAbort: undefined,
      };
    });
    if (Number.isFinite(timeoutMs)) this.#deadlines.add(timeoutMs, entry);
    if (signal) {
      entry.onAbort = () => this.settle(reqId, new AbortError(entry.sent, signal.reason));
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
    this.#calls.set(reqId, entry);
    return { call: entry, promise };
  }

  /** Removes a call and settles it: with `outcome` if it is an Error, else resolves with it. */
  settle(reqId: number, outcome: unknown): boolean {
    const entry = this.#calls.get(reqId);
    if (!entry) return false;
    this.#calls.delete(reqId);
    entry.done = true;
    if (Number.isFinite(entry.timeoutMs)) this.#deadlines.compact(entry.timeoutMs);
    if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
    if (outcome instanceof Error) entry.reject(outcome);
    else entry.resolve(outcome);
    return true;
  }

  /** Settles every call with an error built for it (it needs to know whether each was sent). */
  settleAll(errorFor: (call: PendingCall) => Error): void {
    for (const entry of [...this.#calls.values()]) this.settle(entry.reqId, errorFor(entry));
    this.#deadlines.clear();
  }

  /** Calls not yet handed to a socket, oldest first (Map iteration keeps insertion order). */
  *unsent(): IterableIterator<PendingCall> {
    for (const entry of this.#calls.values()) if (!entry.sent) yield entry;
  }
}
