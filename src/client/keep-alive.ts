import { TimeoutError } from './errors.js';
import { monotonicNow, startTimer, stopTimer, type TimerHandle } from './timers.js';

export interface KeepAliveOptions {
  intervalMs: number;
  pongTimeoutMs: number;
  /** Sends `{"ping":1}` and resolves on the pong; rejects with `TimeoutError` when none comes in time. */
  ping: (timeoutMs: number) => Promise<unknown>;
  /** The pong did not come: the link is dead. */
  onDead: (reason: string) => void;
}

/**
 * Keeps one open connection alive and proves it is still there.
 *
 * A ping goes out when nothing was sent for `intervalMs` (the server's idle timer needs
 * traffic), or when nothing was received for `intervalMs` (a silent link may be a dead one).
 * On a busy connection, traffic both ways replaces the pings entirely.
 */
export class KeepAlive {
  #timer: TimerHandle | undefined;
  #lastSent = 0;
  #lastReceived = 0;
  #awaitingPong = false;
  #stopped = true;

  constructor(private readonly options: KeepAliveOptions) {}

  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.#stopped = false;
    this.#lastSent = this.#lastReceived = monotonicNow();
    this.#arm(this.options.intervalMs);
  }

  stop(): void {
    this.#stopped = true;
    stopTimer(this.#timer);
    this.#timer = undefined;
  }

  noteSent(): void {
    this.#lastSent = monotonicNow();
  }

  noteReceived(): void {
    this.#lastReceived = monotonicNow();
  }

  /** When the next ping is due, in ms from now, or undefined when keep-alive is off or waiting for a pong. */
  nextPingInMs(): number | undefined {
    if (this.#stopped || this.#awaitingPong) return undefined;
    const quietSince = Math.min(this.#lastSent, this.#lastReceived);
    return Math.max(0, quietSince + this.options.intervalMs - monotonicNow());
  }

  #arm(ms: number): void {
    stopTimer(this.#timer);
    this.#timer = startTimer(ms, () => this.#check());
  }

  #check(): void {
    if (this.#stopped) return;
    const due = this.nextPingInMs();
    if (due === undefined) return;
    if (due > 0) this.#arm(due);
    else void this.#pingOnce();
  }

  async #pingOnce(): Promise<void> {
    this.#awaitingPong = true;
    try {
      await this.options.ping(this.options.pongTimeoutMs);
    } catch (error) {
      if (this.#stopped) return;
      if (error instanceof TimeoutError) return this.options.onDead(`no pong within ${this.options.pongTimeoutMs} ms`);
      // Any other failure means the connection is already going away; its close handles it.
      return;
    } finally {
      this.#awaitingPong = false;
    }
    if (!this.#stopped) this.#arm(this.options.intervalMs);
  }
}
