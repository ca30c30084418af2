import type { LimitStore, WindowCounts, WindowTable } from '../limits/limit-store.js';
import { StoreUnavailable } from '../store/errors.js';
import { IpcRequests } from './ipc-requests.js';
import type { PrimaryMessage, WorkerMessage } from './messages.js';

/**
 * The limits, as a worker counts them: in the primary, so that a rate budget, the failed
 * authorizations of an IP and its connections are counted once for the whole cluster,
 * whichever worker each connection landed on. A Redis store would take this one's place to
 * share them across nodes.
 */
export class IpcLimitStore implements LimitStore {
  readonly #requests = new IpcRequests();

  constructor(private readonly send: (message: WorkerMessage) => void) {}

  /** Feed every message from the primary through here. */
  receive(message: PrimaryMessage): void {
    if (message.kind === 'limits-reply') this.#requests.answer(message.id, message.result);
  }

  /** The channel to the primary has closed: a request waiting for a count fails rather than waits. */
  disconnected(): void {
    this.#requests.failAll(new StoreUnavailable('the cluster primary is gone'));
  }

  count(table: WindowTable, key: string, weight: number): Promise<WindowCounts> {
    return this.#requests.ask((id) => this.send({ kind: 'limits', id, op: 'count', table, key, weight }));
  }

  takeConnection(ip: string, max: number): Promise<boolean> {
    return this.#requests.ask((id) => this.send({ kind: 'limits', id, op: 'take-connection', ip, max }));
  }

  releaseConnection(ip: string): void {
    this.send({ kind: 'release-connection', ip });
  }
}
