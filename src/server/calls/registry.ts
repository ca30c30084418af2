import { CALLS, callNameOf } from '../../protocol/calls.js';
import type { ApiKind } from '../../protocol/options-api.js';
import { OPTIONS_CALLS } from '../../protocol/options-renames.js';
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
  /** The calls a v3 request may name: all but the new API's own (`contracts_list`). */
  readonly #v3Calls = { has: (name: string) => this.#calls.get(name)?.api === undefined && this.#calls.has(name) };

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
   * with the real call key. On the new API's sockets, only its calls are known.
   */
  dispatch(request: Record<string, unknown>, api: ApiKind = 'v3'): CallDefinition | undefined {
    // On the new API only its call set counts: `{"proposal":1,"landing_company":…}` is a proposal
    // with a field too many, not a v3 call it does not have.
    const found = callNameOf(request, api === 'options' ? OPTIONS_CALLS : this.#v3Calls);
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
