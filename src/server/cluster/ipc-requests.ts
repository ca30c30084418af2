/**
 * Requests a worker sends the primary and the answers it waits for, matched by id. The
 * primary answers each exactly once, in order on the one channel; if the channel closes (the
 * primary died), every request still waiting fails with the error `failAll` is given, so none
 * waits for an answer that will never come.
 */
export class IpcRequests {
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #failure: Error | undefined;

  /** Sends the message `build` makes with a fresh id, and resolves with the primary's answer to it. */
  ask<T>(build: (id: number) => void): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      build(id);
    });
  }

  /** The primary's answer to request `id`: a result, or the error it met. */
  answer(id: number, result: unknown, error?: Error): void {
    const waiting = this.#waiting.get(id);
    if (!waiting) return;
    this.#waiting.delete(id);
    if (error !== undefined) waiting.reject(error);
    else waiting.resolve(result);
  }

  /** The channel is gone: every waiting request, and every later one, fails with `error`. */
  failAll(error: Error): void {
    this.#failure ??= error;
    for (const { reject } of this.#waiting.values()) reject(this.#failure);
    this.#waiting.clear();
  }
}
