import type { ConnectionSlot } from './calls/family.js';

/**
 * The families' state on one connection: each slot's state made on first use, and all of them
 * torn down once when the connection closes. Only slots a family declares may be used, so a
 * family cannot keep state the server would not know to tear down.
 */
export class ConnectionStates {
  readonly #states = new Map<ConnectionSlot<unknown>, unknown>();
  #closed = false;

  constructor(private readonly declared: ReadonlySet<ConnectionSlot<unknown>>) {}

  get<T>(slot: ConnectionSlot<T>): T {
    if (this.#states.has(slot)) return this.#states.get(slot) as T;
    if (!this.declared.has(slot as ConnectionSlot<unknown>))
      throw new Error(`connection state ${slot.name} is not declared by any call family`);
    if (this.#closed) throw new Error(`connection state ${slot.name} asked for after its connection closed`);
    const state = slot.create();
    this.#states.set(slot as ConnectionSlot<unknown>, state);
    return state;
  }

  /** Tears every state down; one teardown that throws does not keep the others from theirs. */
  teardown(): Error[] {
    this.#closed = true;
    const failures: Error[] = [];
    for (const [slot, state] of this.#states) {
      try {
        slot.teardown?.(state);
      } catch (error) {
        failures.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    this.#states.clear();
    return failures;
  }
}
