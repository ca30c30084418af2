import { ApiError } from './api-error.js';
import { removeFromListMap } from './list-map.js';

/** What to do to the next requests of one call, to test how clients cope. */
export interface Fault {
  /** Hold the request this long before handling it. */
  delayMs?: number;
  /** Answer this error instead of the handler's reply (after the usual checks). */
  error?: { code: string; message: string; details?: Record<string, unknown> };
  /** Never answer at all. */
  drop?: boolean;
  /** Apply to this many requests, then stop. Default: until removed. */
  times?: number;
}

interface ActiveFault extends Fault {
  remaining: number;
}

/** Faults waiting to be applied, by call name. */
export class FaultInjector {
  readonly #faults = new Map<string, ActiveFault[]>();

  /** Adds a fault for a call; returns the function that removes it. */
  add(call: string, fault: Fault): () => void {
    const active: ActiveFault = { ...fault, remaining: fault.times ?? Infinity };
    const list = this.#faults.get(call) ?? [];
    list.push(active);
    this.#faults.set(call, list);
    return () => removeFromListMap(this.#faults, call, active);
  }

  /** The fault for this request of the call, if any; consumes one of its `times`. */
  take(call: string): Fault | undefined {
    const list = this.#faults.get(call);
    const fault = list?.[0];
    if (!fault) return undefined;
    if (--fault.remaining <= 0) removeFromListMap(this.#faults, call, fault);
    return fault;
  }
}

export function injectedError(fault: Fault): ApiError | undefined {
  return fault.error ? new ApiError(fault.error.code, fault.error.message, fault.error.details) : undefined;
}
