import { ApiError } from '../api-error.js';
import { newSubscriptionId } from './subscription-id.js';

/** One live stream of one connection. */
export interface ServerStream {
  readonly id: string;
  /** The `forget_all` type it answers to (`ticks`, `candles`, `balance`, …). */
  readonly type: string;
  /** Two streams with the same key on one connection are the same subscription (`AlreadySubscribed`). */
  readonly key: string;
  /** Stops delivery; called once, by the table. */
  readonly stop: () => void;
}

/**
 * A connection's streams, by server subscription id. Ids are per connection, as on the real
 * server: another connection's id is simply unknown here, so it can neither be read nor
 * forgotten from elsewhere.
 */
export class StreamTable {
  readonly #byId = new Map<string, ServerStream>();
  readonly #keys = new Set<string>();
  #closed = false;

  constructor(readonly limit = Infinity) {}

  get size(): number {
    return this.#byId.size;
  }

  /** Refuses, before anything opens, a request that would take the connection past its limit. */
  assertRoom(count = 1): void {
    if (this.#byId.size + count > this.limit) {
      throw new ApiError('SubscriptionLimitReached', `You have reached the limit of ${this.limit} subscriptions on this connection.`, { limit: this.limit });
    }
  }

  /** Refuses, before anything opens, a second stream under `key`: it would be the same subscription. */
  assertNotSubscribed(key: string, message: string, msgType?: string): void {
    if (this.#keys.has(key)) throw new ApiError('AlreadySubscribed', message, undefined, msgType);
  }

  /**
   * Registers a stream; `start` receives its new id and returns how to stop it. On a closed
   * table `start` never runs: a handler that awaited past its connection's close would
   * otherwise leave a listener behind that nothing will ever stop. Its reply, naming the
   * id, goes nowhere, as the connection is gone.
   */
  add(type: string, key: string, start: (id: string) => () => void): string {
    this.assertRoom();
    const id = newSubscriptionId();
    if (this.#closed) return id;
    this.#byId.set(id, { id, type, key, stop: start(id) });
    this.#keys.add(key);
    return id;
  }

  forget(id: string): boolean {
    const stream = this.#byId.get(id);
    if (!stream) return false;
    this.#byId.delete(id);
    this.#keys.delete(stream.key);
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
