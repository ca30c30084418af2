import type { LimitStore, WindowCounts, WindowTable } from '../limits/limit-store.js';
import { StoreUnavailable } from '../store/errors.js';
import type { PrimaryMessage, WorkerMessage } from './messages.js';

/**
 * The limits, as a worker on SQLite counts them: in the primary, so that a rate budget, the
 * failed authorizations of an IP and its connections are counted once for the whole cluster,
 * whichever worker each connection landed on. On Redis, each worker's RedisLimitStore does this.
 *
 * Requests are matched to answers by id. The primary answers each once, in order on the one
 * channel; if the channel closes (the primary died), every request still waiting, and every
 * later one, fails, so none waits for an answer that will never come.
 */
export class IpcLimitStore implements LimitStore {
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  #failure: Error | undefined;

  constructor(private readonly send: (message: WorkerMessage) => void) {}

  /** Feed every message from the primary through here. */
  receive(message: PrimaryMessage): void {
    if (message.kind !== 'limits-reply') return;
    const waiting = this.#waiting.get(message.id);
    this.#waiting.delete(message.id);
    waiting?.resolve(message.result as never);
  }

  /** The channel to the primary has closed: a request waiting for a count fails rather than waits. */
  disconnected(): void {
    this.#failure ??= new StoreUnavailable('the cluster primary is gone');
    for (const { reject } of this.#waiting.values()) reject(this.#failure);
    this.#waiting.clear();
  }

  count(table: WindowTable, key: string, weight: number): Promise<WindowCounts> {
    return this.#ask((id) => this.send({ kind: 'limits', id, op: 'count', table, key, weight }));
  }

  takeConnection(ip: string, max: number): Promise<boolean> {
    return this.#ask((id) => this.send({ kind: 'limits', id, op: 'take-connection', ip, max }));
  }

  releaseConnection(ip: string): void {
    this.send({ kind: 'release-connection', ip });
  }

  /** Sends the message `build` makes with a fresh id, and resolves with the primary's answer to it. */
  #ask<T>(build: (id: number) => void): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      build(id);
    });
  }
}
