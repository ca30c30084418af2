import { ApiError } from '../api-error.js';
import { newSubscriptionId } from './subscription-id.js';

/** A stream, once started: how to stop it, and what it keeps. */
export interface StartedStream {
  /** Stops delivery; called once, by the table. */
  readonly stop: () => void;
  /** Bytes of encoded envelope it keeps for its messages (see `StreamLimits.echoBytes`). */
  readonly echoBytes: number;
}

/** One live stream of one connection. */
export interface ServerStream extends StartedStream {
  readonly id: string;
  /** The `forget_all` type it answers to (`ticks`, `candles`, `balance`, …). */
  readonly type: string;
  /** Two streams with the same key on one connection are the same subscription (`AlreadySubscribed`). */
  readonly key: string;
}

/** What one connection's streams may hold and send. */
export interface StreamLimits {
  /** Streams at once. */
  readonly streams: number;
  /**
   * Bytes of encoded envelope (`echo_req`, `req_id`, `passthrough`, subscription id) kept by
   * all the streams together. A stream keeps its envelope for as long as it lives, however
   * quiet, so without this bound one connection could pin megabytes with a few requests.
   */
  readonly echoBytes: number;
  /** The longest message a stream may send (the server's `maxResponseBytes`). */
  readonly messageBytes: number;
  /** The refusal past `streams`; by default `SubscriptionLimitReached` (the new API's is `RateLimit`). */
  readonly overLimit?: (limit: number) => ApiError;
}

const UNLIMITED: StreamLimits = { streams: Infinity, echoBytes: Infinity, messageBytes: Infinity };

/**
 * A connection's streams, by server subscription id. Ids are per connection, as on the real
 * server: another connection's id is simply unknown here, so it can neither be read nor
 * forgotten from elsewhere.
 */
export class StreamTable {
  readonly #byId = new Map<string, ServerStream>();
  readonly #keys = new Set<string>();
  #echoBytes = 0;
  #closed = false;

  constructor(readonly limits: StreamLimits = UNLIMITED) {}

  get size(): number {
    return this.#byId.size;
  }

  /** Refuses, before anything opens, a request that would take the connection past its limit. */
  assertRoom(count = 1): void {
    const limit = this.limits.streams;
    if (this.#byId.size + count > limit) {
      if (this.limits.overLimit) throw this.limits.overLimit(limit);
      throw new ApiError(
        'SubscriptionLimitReached',
        `You have reached the limit of ${limit} subscriptions on this connection.`,
        { limit },
      );
    }
  }

  /** Refuses, before it starts, a stream whose envelope would take the streams' kept bytes past the limit. */
  assertEchoRoom(bytes: number): void {
    const limit = this.limits.echoBytes;
    if (this.#echoBytes + bytes > limit) {
      throw new ApiError(
        'SubscriptionLimitReached',
        `The streams on this connection would keep more than ${limit} bytes of echo_req and passthrough.`,
        { echo_bytes: limit },
      );
    }
  }

  /** Refuses, before anything opens, a second stream under `key`: it would be the same subscription. */
  assertNotSubscribed(key: string, message: string, msgType?: string): void {
    if (this.#keys.has(key)) throw new ApiError('AlreadySubscribed', message, undefined, msgType);
  }

  /**
   * Registers a stream; `start` receives its new id, may refuse it by throwing `ApiError`, and
   * returns how to stop it. On a closed table `start` never runs: a handler that awaited past
   * its connection's close would otherwise leave a listener behind that nothing will ever
   * stop. Its reply, naming the id, goes nowhere, as the connection is gone.
   */
  add(type: string, key: string, start: (id: string) => StartedStream): string {
    this.assertRoom();
    const id = newSubscriptionId();
    if (this.#closed) return id;
    const { stop, echoBytes } = start(id);
    this.#byId.set(id, { id, type, key, echoBytes, stop });
    this.#keys.add(key);
    this.#echoBytes += echoBytes;
    return id;
  }

  forget(id: string): boolean {
    const stream = this.#byId.get(id);
    if (!stream) return false;
    this.#byId.delete(id);
    this.#keys.delete(stream.key);
    this.#echoBytes -= stream.echoBytes;
    stream.stop();
    return true;
  }

  /** Stops every stream of these types and returns their ids. */
  forgetTypes(types: ReadonlySet<string>): string[] {
    const ids: string[] = [];
    for (const stream of [...this.#byId.values()]) {
      if (types.has(stream.type) && this.forget(stream.id)) ids.push(stream.id);
    }
    return ids;
  }

  /** The connection is closing: every stream dies with it, and none opens any more. */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#byId.keys()]) this.forget(id);
  }
}
