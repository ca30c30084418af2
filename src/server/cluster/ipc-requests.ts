/**
 * Requests a worker sends the primary and the answers it waits for, matched by id. The
 * primary answers each exactly once, in order on the one channel.
 */
export class IpcRequests {
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** Sends the message `build` makes with a fresh id, and resolves with the primary's answer to it. */
  ask<T>(build: (id: number) => void): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      build(id);
    });
  }

  /** The primary's answer to request `id`: a result, or the message of the error it met. */
  answer(id: number, result: unknown, error?: string): void {
    const waiting = this.#waiting.get(id);
    if (!waiting) return;
    this.#waiting.delete(id);
    if (error !== undefined) waiting.reject(new Error(error));
    else waiting.resolve(result);
  }
}
