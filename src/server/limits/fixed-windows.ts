import type { WindowCounts } from './limit-store.js';

export interface FixedWindowOptions {
  minuteMs: number;
  hourMs: number;
  /** Keys kept at most; past it the least recently used goes. */
  maxKeys: number;
  now: () => number;
}

/** One key's two windows; each starts with its first call after the last one ended. */
interface Windows {
  minuteStart: number;
  minuteCount: number;
  hourStart: number;
  hourCount: number;
}

/**
 * Fixed one-minute and one-hour windows per key, as the real server keeps them in Redis, in
 * bounded memory. The map is kept in order of last use (a key is moved to the end on every
 * count), so the front is always the key that has waited longest:
 * - a front key whose windows have both ended is dropped, which forgets nothing (its next
 *   call would open fresh windows anyway);
 * - past `maxKeys` the front key is dropped even if a window is still open: its budget starts
 *   afresh. Only a flood of that many distinct keys within an hour can cause it.
 */
export class FixedWindows {
  readonly #keys = new Map<string, Windows>();
  readonly #options: FixedWindowOptions;

  constructor(options: FixedWindowOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#keys.size;
  }

  add(key: string, weight: number): WindowCounts {
    const { minuteMs, hourMs } = this.#options;
    const now = this.#options.now();
    let windows = this.#keys.get(key);
    if (windows) this.#keys.delete(key);
    else windows = { minuteStart: now, minuteCount: 0, hourStart: now, hourCount: 0 };
    if (now - windows.minuteStart >= minuteMs) {
      windows.minuteStart = now;
      windows.minuteCount = 0;
    }
    if (now - windows.hourStart >= hourMs) {
      windows.hourStart = now;
      windows.hourCount = 0;
    }
    // A weight given back after its window rolled over must not leave a count below zero.
    windows.minuteCount = Math.max(0, windows.minuteCount + weight);
    windows.hourCount = Math.max(0, windows.hourCount + weight);
    this.#keys.set(key, windows);
    this.#trim(now);
    return { minute: windows.minuteCount, hour: windows.hourCount };
  }

  delete(key: string): void {
    this.#keys.delete(key);
  }

  #trim(now: number): void {
    const { minuteMs, hourMs, maxKeys } = this.#options;
    for (const [key, windows] of this.#keys) {
      const ended = now - windows.hourStart >= hourMs && now - windows.minuteStart >= minuteMs;
      if (!ended && this.#keys.size <= maxKeys) return;
      this.#keys.delete(key);
    }
  }
}
