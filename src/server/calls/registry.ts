import { CALLS, callNameOf } from '../../protocol/calls.js';
import { apiErrors } from '../api-error.js';
import { callSchema } from '../schemas.js';
import type { CallDefinition } from './types.js';

/**
 * Which handler answers each call. Every documented call has an entry: the simulated ones
 * their handler, the rest a stand-in that validates the call key and then answers
 * `NotSimulated`, naming the call, so no request ever meets silence.
 */
export class CallRegistry {
  readonly #calls = new Map<string, CallDefinition>();

  constructor(definitions: Iterable<CallDefinition>) {
    for (const info of CALLS.values()) {
      this.#calls.set(info.name, {
        name: info.name,
        schema: callSchema(info),
        handle: () => {
          throw apiErrors.notSimulated(info.name);
        },
      });
    }
    for (const definition of definitions) this.define(definition);
  }

  /** Adds or replaces the handler of a call. */
  define(definition: CallDefinition): void {
    this.#calls.set(definition.name, definition);
  }

  /**
   * The call a request names. The real server looks at all keys and picks the one registered
   * first, which on the newest server means alphabetically first (docs/PROTOCOL-NOTES.md,
   * "Request pipeline"); so a field that is also a call name (`landing_company`) competes
   * with the real call key.
   */
  dispatch(request: Record<string, unknown>): CallDefinition | undefined {
    const found = callNameOf(request, this.#calls);
    return found === undefined ? undefined : this.#calls.get(found);
  }

  /** Forgets a call that was added (not one of the protocol's). */
  remove(name: string): void {
    if (CALLS.has(name)) return;
    this.#calls.delete(name);
  }

  get(name: string): CallDefinition | undefined {
    return this.#calls.get(name);
  }
}
