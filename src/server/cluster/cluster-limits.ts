import { MemoryLimitStore, type MemoryLimitStoreOptions } from '../limits/memory-limit-store.js';
import type { PrimaryMessage, WorkerMessage } from './messages.js';

type LimitsMessage = Extract<WorkerMessage, { kind: 'limits' | 'release-connection' }>;

/**
 * The primary's side of the workers' limits: one store for them all, and a record of the
 * connection places each worker holds, so a worker that dies without a word (SIGKILL, a
 * crash) gives its places back instead of keeping its clients' IPs capped for good.
 */
export class ClusterLimits {
  readonly #store: MemoryLimitStore;
  /** By worker id: places held, by IP. */
  readonly #places = new Map<number, Map<string, number>>();

  constructor(options: MemoryLimitStoreOptions) {
    this.#store = new MemoryLimitStore(options);
  }

  static handles(message: WorkerMessage): message is LimitsMessage {
    return message.kind === 'limits' || message.kind === 'release-connection';
  }

  receive(workerId: number, message: LimitsMessage, reply: (message: PrimaryMessage) => void): void {
    if (message.kind === 'release-connection') {
      this.#release(workerId, message.ip);
      return;
    }
    if (message.op === 'count') {
      reply({
        kind: 'limits-reply',
        id: message.id,
        result: this.#store.count(message.table, message.key, message.weight),
      });
      return;
    }
    const taken = this.#store.takeConnection(message.ip, message.max);
    if (taken) {
      const held = this.#places.get(workerId) ?? new Map<string, number>();
      held.set(message.ip, (held.get(message.ip) ?? 0) + 1);
      this.#places.set(workerId, held);
    }
    reply({ kind: 'limits-reply', id: message.id, result: taken });
  }

  /** A worker has exited: whatever it held goes back. */
  workerGone(workerId: number): void {
    const held = this.#places.get(workerId);
    this.#places.delete(workerId);
    for (const [ip, count] of held ?? []) for (let i = 0; i < count; i++) this.#store.releaseConnection(ip);
  }

  #release(workerId: number, ip: string): void {
    const held = this.#places.get(workerId);
    const count = held?.get(ip);
    // Only what this worker took: a late or repeated release must not free another's place.
    if (!held || !count) return;
    if (count > 1) held.set(ip, count - 1);
    else held.delete(ip);
    this.#store.releaseConnection(ip);
  }
}
