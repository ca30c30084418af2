import type { StartedStream, StreamTable } from './stream-table.js';
import { newSubscriptionId } from './subscription-id.js';

/**
 * The streams one request opens. They stand only if the request is answered with success:
 * its id reaches the client in that reply (or, for `ticks`, in the stream's own messages). An
 * error reply — a refusal after some streams opened, a `Timeout`, a reply replaced by
 * `ResponseTooLarge` — stops them, and any the handler would still open after it, since the
 * client never learns their ids and could not forget them.
 */
export class RequestStreams {
  #ids: string[] | undefined;
  #refused = false;

  constructor(readonly table: StreamTable) {}

  /** Opens a stream in the connection's table, unless the request was already answered with an error. */
  open(type: string, key: string, start: (id: string) => StartedStream): string {
    if (this.#refused) return newSubscriptionId();
    const id = this.table.add(type, key, start);
    (this.#ids ??= []).push(id);
    return id;
  }

  /** The request was answered with an error: its streams stop, and none opens any more. */
  refuse(): void {
    this.#refused = true;
    for (const id of this.#ids?.splice(0) ?? []) this.table.forget(id);
  }
}
