/**
 * Timers that never keep a Node process alive on their own. A client that is merely
 * waiting (for a pong, a timeout, a retry) must not stop a script from exiting; only an
 * open socket should. Browsers return plain numbers, which have no `unref`.
 */
export type TimerHandle = ReturnType<typeof setTimeout>;

export function startTimer(ms: number, callback: () => void): TimerHandle {
  const handle = setTimeout(callback, ms);
  (handle as { unref?: () => void }).unref?.();
  return handle;
}

export function stopTimer(handle: TimerHandle | undefined): void {
  if (handle !== undefined) clearTimeout(handle);
}

/** Milliseconds from a monotonic clock, so that wall-clock jumps do not fire timers early. */
export function monotonicNow(): number {
  return performance.now();
}
