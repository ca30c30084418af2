/** How `RequestOrder` starts a request: true when it was answered at once, false when its answer comes later (`done`). */
export type StartRequest<T> = (request: T) => boolean;

/**
 * One connection's requests, kept in order around authorization changes. Most requests
 * start the moment they arrive and may be answered in any order, as on the real server. A
 * request that changes authorization is a fence instead:
 * - it starts only once every request before it has been answered, so none of them sees
 *   the change halfway (a `balance` sent before `logout` is answered as authorized);
 * - requests after it wait until it has been answered, so each sees its outcome (a `balance`
 *   sent right after `authorize` is answered as authorized, `logout` right after `authorize`
 *   leaves the connection logged out), and draws on the budget it leads to.
 * While requests wait, `onHold(true)` asks the connection to stop reading, so what one
 * client can make the server hold back is bounded by what it had already sent.
 */
export class RequestOrder<T> {
  /** Started, not yet answered. */
  #answering = 0;
  /** A fence has started and is not yet answered. */
  #fenced = false;
  readonly #waiting: T[] = [];

  constructor(
    private readonly isFence: (request: T) => boolean,
    private readonly start: StartRequest<T>,
    private readonly onHold: (holding: boolean) => void,
  ) {}

  /** Requests started or waiting, not yet answered. */
  get owed(): number {
    return this.#answering + this.#waiting.length;
  }

  arrive(request: T): void {
    if (this.#waiting.length === 0 && !this.#fenced && !(this.#answering > 0 && this.isFence(request))) {
      this.#begin(request);
      return;
    }
    this.#waiting.push(request);
    if (this.#waiting.length === 1) this.onHold(true);
  }

  /** A request that `start` left unanswered has been answered. */
  done(request: T): void {
    this.#answering--;
    if (this.isFence(request)) this.#fenced = false;
    if (this.#waiting.length > 0) this.#release();
  }

  /** The connection is gone: nothing waiting will be answered. */
  clear(): void {
    this.#waiting.length = 0;
  }

  #begin(request: T): void {
    if (this.start(request)) return;
    this.#answering++;
    if (this.isFence(request)) this.#fenced = true;
  }

  #release(): void {
    while (this.#waiting.length > 0 && !this.#fenced) {
      const next = this.#waiting[0]!;
      if (this.#answering > 0 && this.isFence(next)) return;
      this.#waiting.shift();
      this.#begin(next);
    }
    if (this.#waiting.length === 0) this.onHold(false);
  }
}
