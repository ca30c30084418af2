import { FixedWindows } from './fixed-windows.js';
import type { LimitStore, WindowCounts, WindowTable } from './limit-store.js';

export interface MemoryLimitStoreOptions {
  /** Window lengths. Defaults 60 000 and 3 600 000 ms; tests shorten them instead of sleeping. */
  minuteMs?: number;
  hourMs?: number;
  /** Keys each table keeps at most (see `FixedWindows`). Default 100 000. */
  maxKeys?: number;
  /** Milliseconds, for the windows. Default `Date.now`. */
  now?: () => number;
}

/** Limits counted in this process's memory: a single server's, or a cluster primary's for all its workers. */
export class MemoryLimitStore implements LimitStore {
  readonly #tables: Record<WindowTable, FixedWindows>;
  readonly #connections = new Map<string, number>();

  constructor(options: MemoryLimitStoreOptions = {}) {
    const windows = {
      minuteMs: options.minuteMs ?? 60_000,
      hourMs: options.hourMs ?? 3_600_000,
      maxKeys: options.maxKeys ?? 100_000,
      now: options.now ?? Date.now,
    };
    this.#tables = { calls: new FixedWindows(windows), 'failed-authorizations': new FixedWindows(windows) };
  }

  count(table: WindowTable, key: string, weight: number): WindowCounts {
    return this.#tables[table].add(key, weight);
  }

  /** Drops a key that can never count again (a closed connection's own budget). */
  forget(table: WindowTable, key: string): void {
    this.#tables[table].delete(key);
  }

  /** Keys a table holds now. */
  size(table: WindowTable): number {
    return this.#tables[table].size;
  }

  takeConnection(ip: string, max: number): boolean {
    const taken = this.#connections.get(ip) ?? 0;
    if (taken >= max) return false;
    this.#connections.set(ip, taken + 1);
    return true;
  }

  releaseConnection(ip: string): void {
    const left = (this.#connections.get(ip) ?? 1) - 1;
    if (left > 0) this.#connections.set(ip, left);
    else this.#connections.delete(ip);
  }
}
