import type { RateBucket } from '../protocol/rate-limits.js';
import type { RatePacer } from './rate-pacer.js';
import { monotonicNow, startTimer, stopTimer, type TimerHandle } from './timers.js';

/** Something waiting to go out on the socket. */
export interface OutgoingFrame {
  /** The rate-limit budget it draws on; undefined for `ping` and `time`. */
  readonly bucket: RateBucket | undefined;
  /** Restoring a connection (re-authorizing) goes before everything, while the gate is shut. */
  readonly priority: boolean;
  /** False once it no longer needs sending (its call settled meanwhile). */
  isLive(): boolean;
  /** Puts it on the socket. */
  transmit(): void;
}

const EXEMPT = 'exempt';

/**
 * Frames waiting for the socket and for rate budget, one FIFO per budget, so a call that
 * waits for the `outcome` budget never holds up a `ticks` subscription.
 *
 * The gate is shut while there is no socket, and while a reconnected socket is being
 * restored: only priority frames (re-authorization) pass until it opens.
 */
export class Outbox {
  readonly #queues = new Map<string, OutgoingFrame[]>();
  #gateOpen = false;
  #canSend = () => false;
  #timer: TimerHandle | undefined;

  constructor(private readonly pacer: RatePacer | undefined) {}

  /** Frames still waiting (including settled ones not yet swept). */
  get size(): number {
    let size = 0;
    for (const queue of this.#queues.values()) size += queue.length;
    return size;
  }

  /** Where frames may go: `canSend` says whether a socket is there at all. */
  attach(canSend: () => boolean): void {
    this.#canSend = canSend;
  }

  openGate(): void {
    this.#gateOpen = true;
    this.flush();
  }

  closeGate(): void {
    this.#gateOpen = false;
    stopTimer(this.#timer);
    this.#timer = undefined;
  }

  /** Queues a frame (at the front: it was sent before the ones queued now) and sends what it can. */
  push(frame: OutgoingFrame, { front = false } = {}): void {
    const key = frame.bucket ?? EXEMPT;
    let queue = this.#queues.get(key);
    if (!queue) this.#queues.set(key, (queue = []));
    if (front) queue.unshift(frame);
    else queue.push(frame);
    this.flush();
  }

  /** Sends every frame the socket, the gate and the budgets allow, oldest first per budget. */
  flush(): void {
    if (!this.#canSend()) return;
    let wake = Infinity;
    for (const [key, queue] of this.#queues) {
      let sent = 0;
      for (const frame of queue) {
        if (!frame.isLive()) {
          sent++;
          continue;
        }
        if (!this.#gateOpen && !frame.priority) break;
        if (this.pacer && frame.bucket) {
          const now = monotonicNow();
          const delay = this.pacer.delayFor(frame.bucket, now);
          if (delay > 0) {
            wake = Math.min(wake, delay);
            break;
          }
          this.pacer.record(frame.bucket, now);
        }
        sent++;
        frame.transmit();
        if (!this.#canSend()) break;
      }
      queue.splice(0, sent);
      if (queue.length === 0) this.#queues.delete(key);
    }
    if (wake !== Infinity && this.#timer === undefined) {
      this.#timer = startTimer(wake, () => {
        this.#timer = undefined;
        this.flush();
      });
    }
  }

  /** Drops every frame (the client is closing). */
  clear(): void {
    this.closeGate();
    this.#queues.clear();
  }
}
