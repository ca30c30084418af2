import { TypedEmitter } from './emitter.js';
import { BufferOverflowError, InvalidArgumentError, type DerivWsError } from './errors.js';
import { MessageBuffer, type OverflowPolicy } from './message-buffer.js';

/** A message as a stream numbers it, so no consumer ever sees the same one twice. */
export interface Sequenced<T> {
  readonly seq: number;
  readonly message: T;
}

/** The side of a shared stream that a handle talks to. */
export interface StreamSource<T> {
  readonly serverId: string | undefined;
  readonly serverIds: readonly string[];
  /** What a consumer starting now should see first: the initial reply (history) and the latest message. */
  replay(): readonly Sequenced<T>[];
  /** This handle is done; the last one out forgets the stream on the server. */
  release(handle: Subscription<T>): Promise<void>;
}

export interface SubscriptionEvents<T> {
  /** Every stream message, in order, each once. */
  data: T;
  /** The stream failed (the server refused or ended it, or the buffer overflowed). `end` follows. */
  error: DerivWsError;
  /** The stream is over: unsubscribed, failed, or the client was closed. */
  end: undefined;
  /**
   * The connection dropped and the stream was restored: messages between `from` and `to`
   * (ms since the epoch, client clock) were missed. `latest` still holds the last message
   * before the gap when this fires, so a tick consumer can backfill with
   * `ticks_history` from `latest.tick.epoch + 1`.
   */
  gap: StreamGap;
}

export interface StreamGap {
  /** When the last message before the gap arrived. */
  from: number;
  /** When the first message after it arrived. */
  to: number;
  downMs: number;
}

export interface BufferOptions {
  /** Messages an iterator may fall behind by. */
  bufferSize: number;
  overflow: OverflowPolicy;
}

let nextHandleId = 1;

/**
 * One consumer's view of a stream: an AsyncIterable (`for await`; `break` unsubscribes)
 * and an event emitter (`on('data')`). Identical requests share one server stream; each
 * handle has its own id, buffer and listeners.
 *
 * An iterator starts with the most recent message (and, for `ticks_history`, the initial
 * history) and then gets every message in order, each once. Its buffer is bounded: a slow
 * consumer loses messages by the overflow policy, counted in `dropped`, and memory stays flat.
 */
export class Subscription<T> extends TypedEmitter<SubscriptionEvents<T>> implements AsyncIterable<T> {
  readonly #number = nextHandleId++;
  readonly #source: StreamSource<T>;
  readonly #bufferOptions: BufferOptions;
  #lastSeq = 0;
  #buffer: MessageBuffer<T> | undefined;
  /**
   * `next()` calls waiting for a message, oldest first (an iterator may ask again before the
   * last answer). Made on the first wait: most handles are read by callbacks alone.
   */
  #waiters: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] | undefined;
  #ended = false;
  #error: DerivWsError | undefined;
  #latest: T | undefined;
  #passthrough: { value: Record<string, unknown> | undefined } | undefined;

  /** @internal Created by the client's subscribe(). */
  constructor(source: StreamSource<T>, bufferOptions: BufferOptions) {
    super();
    this.#source = source;
    this.#bufferOptions = bufferOptions;
  }

  /** The client's id for this subscription. It does not change when the server's id does. */
  get id(): string {
    return `sub-${this.#number}`;
  }

  /** The server's current subscription id (the first, when one request opened several streams). */
  get serverId(): string | undefined {
    return this.#source.serverId;
  }

  /** Every server subscription id behind this handle (`ticks: ['R_50', 'R_100']` opens two). */
  get serverIds(): readonly string[] {
    return this.#source.serverIds;
  }

  /** Messages this handle's iterator discarded because its consumer fell behind. */
  get dropped(): number {
    return this.#buffer?.dropped ?? 0;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The most recent message this handle received. */
  get latest(): T | undefined {
    return this.#latest;
  }

  /** Stops the stream for this handle: the server is told to `forget` it when no handle is left. */
  unsubscribe(): Promise<void> {
    if (this.#ended) return Promise.resolve();
    this.end();
    return this.#source.release(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#buffer)
      throw new InvalidArgumentError('a subscription can be iterated only once; subscribe again for a second consumer');
    this.#buffer = new MessageBuffer<T>(this.#bufferOptions.bufferSize, this.#bufferOptions.overflow);
    for (const item of this.#source.replay()) this.deliver(item);
    const iterator: AsyncIterator<T> = {
      next: () => this.#next(),
      return: async () => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
      throw: async (error?: unknown) => {
        await this.unsubscribe();
        throw error;
      },
    };
    return iterator;
  }

  /** @internal The stream was restored after a reconnect. */
  reportGap(gap: StreamGap): void {
    if (!this.#ended) this.emit('gap', gap);
  }

  /** @internal This handle joined a shared stream with a passthrough of its own: show it that one. */
  rewritePassthrough(value: Record<string, unknown> | undefined): void {
    this.#passthrough = { value };
  }

  /** @internal A stream message, delivered once per handle whatever the replays. */
  deliver({ seq, message: shared }: Sequenced<T>): void {
    if (this.#ended || seq <= this.#lastSeq) return;
    const consumed = this.#buffer !== undefined || this.listenerCount('data') > 0;
    // With no consumer yet, leave the message to the replay a later iterator starts with.
    if (!consumed) return;
    this.#lastSeq = seq;
    const message = this.#passthrough ? withPassthrough(shared, this.#passthrough.value) : shared;
    this.#latest = message;
    this.emit('data', message);
    if (!this.#buffer) return;
    const waiter = this.#waiters?.shift();
    if (waiter) {
      waiter.resolve({ done: false, value: message });
    } else if (!this.#buffer.push(message)) {
      this.end(new BufferOverflowError(this.#buffer.capacity));
      void this.#source.release(this);
    }
  }

  /** @internal Ends the handle: iterators finish after what is buffered, then throw `error` if any. */
  end(error?: DerivWsError): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    // Waiters only wait on an empty buffer: the first learns the error, if any, the rest are done.
    for (const waiter of this.#waiters?.splice(0) ?? []) {
      if (this.#error) {
        waiter.reject(this.#error);
        this.#error = undefined;
      } else waiter.resolve({ done: true, value: undefined });
    }
    if (error) this.emit('error', error);
    this.emit('end', undefined);
    this.removeAllListeners();
  }

  #next(): Promise<IteratorResult<T>> {
    const buffered = this.#buffer?.shift();
    if (buffered !== undefined) return Promise.resolve({ done: false, value: buffered });
    if (this.#ended) {
      const error = this.#error;
      // Throw once; afterwards the iterator is simply done.
      this.#error = undefined;
      return error ? Promise.reject(error) : Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => (this.#waiters ??= []).push({ resolve, reject }));
  }
}

function withPassthrough<T>(message: T, passthrough: Record<string, unknown> | undefined): T {
  const copy = { ...(message as Record<string, unknown>) };
  if (passthrough === undefined) delete copy.passthrough;
  else copy.passthrough = passthrough;
  return copy as T;
}
