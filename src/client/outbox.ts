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
 * restored: only priority frames (re-authorization, keep-alive pings) pass until it opens.
 * They wait in queues of their own, so calls queued during an outage never stand in front
 * of the re-authorization that has to go before them.
 */
export class Outbox {
  readonly #priority = new Map<string, OutgoingFrame[]>();
  readonly #queues = new Map<string, OutgoingFrame[]>();
  #gateOpen = false;
  #canSend = () => false;
  #timer: TimerHandle | undefined;
  #timerDue = Infinity;

  constructor(private readonly pacer: RatePacer | undefined) {}

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
    this.#timerDue = Infinity;
  }

  /** Queues a frame and sends what it can. */
  push(frame: OutgoingFrame): void {
    this.#queueOf(frame).push(frame);
    this.flush();
  }

  /**
   * Queues frames that were sent before the ones waiting now (after a reconnect) at the front
   * of their queues, in the order given, and sends what it can. One splice per queue: tens of
   * thousands of restored streams would make one unshift each quadratic.
   */
  pushFirst(frames: readonly OutgoingFrame[]): void {
    const batches = new Map<OutgoingFrame[], OutgoingFrame[]>();
    for (const frame of frames) {
      const queue = this.#queueOf(frame);
      let batch = batches.get(queue);
      if (!batch) batches.set(queue, (batch = []));
      batch.push(frame);
    }
    for (const [queue, batch] of batches) queue.splice(0, 0, ...batch);
    this.flush();
  }

  #queueOf(frame: OutgoingFrame): OutgoingFrame[] {
    const queues = frame.priority ? this.#priority : this.#queues;
    const key = frame.bucket ?? EXEMPT;
    let queue = queues.get(key);
    if (!queue) queues.set(key, (queue = []));
    return queue;
  }

  /** Sends every frame the socket, the gate and the budgets allow: priority frames first, then oldest first per budget. */
  flush(): void {
    let wake = this.#drain(this.#priority);
    if (this.#gateOpen) wake = Math.min(wake, this.#drain(this.#queues));
    if (wake === Infinity) return;
    // Re-arm when a budget frees up sooner than the wake already set for another one.
    const due = monotonicNow() + wake;
    if (due >= this.#timerDue) return;
    stopTimer(this.#timer);
    this.#timerDue = due;
    this.#timer = startTimer(wake, () => {
      this.#timer = undefined;
      this.#timerDue = Infinity;
      this.flush();
    });
  }

  /** Sends what the socket and the budgets allow from `queues`; returns how long until a budget has room again (ms). */
  #drain(queues: Map<string, OutgoingFrame[]>): number {
    let wake = Infinity;
    for (const [key, queue] of queues) {
      if (!this.#canSend()) break;
      let sent = 0;
      for (const frame of queue) {
        if (!frame.isLive()) {
          sent++;
          continue;
        }
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
      if (queue.length === 0) queues.delete(key);
    }
    return wake;
  }

  /** Drops every frame (the client is closing). */
  clear(): void {
    this.closeGate();
    this.#priority.clear();
    this.#queues.clear();
  }
}
