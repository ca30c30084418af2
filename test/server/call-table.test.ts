import { describe, expect, it } from 'vitest';
import { CALLS, type CallInfo } from '../../src/protocol/calls.js';
import { OPTIONS_CALLS } from '../../src/protocol/options-renames.js';
import { FAMILIES } from '../../src/server/calls/families.js';
import type { CallDefinition } from '../../src/server/calls/types.js';

/**
 * The server's call families, from the one list: every v3 call it simulates has a real handler in
 * one of them. The new API's own calls (`contracts_list`) are in its call set, not in v3's table.
 */
const ALL: readonly CallDefinition[] = FAMILIES.flatMap((family) => family.calls);
const SIMULATED = ALL.filter((definition) => definition.api === undefined);
const simulated = new Map(SIMULATED.map((definition) => [definition.name, definition]));

/** Whether a handler's request schema lets `subscribe` through: the handler's own word on streaming. */
function acceptsSubscribe(definition: CallDefinition): boolean {
  return (definition.schema.properties as Record<string, unknown> | undefined)?.subscribe !== undefined;
}

function entry(name: string): CallInfo {
  const info = CALLS.get(name);
  if (!info) throw new Error(`${name} is simulated but missing from the call table`);
  return info;
}

/**
 * The call table (src/protocol/calls.ts) and the server's handlers describe the same calls:
 * the pipeline, `openStream` and the client read the table, so a handler it does not describe
 * would stream, authorize or be rate-limited wrongly.
 */
describe('the call table and the simulated calls', () => {
  it('every simulated call is in the table, once', () => {
    expect(SIMULATED.length).toBe(simulated.size);
    for (const name of simulated.keys())
      expect(CALLS.has(name), `${name} is simulated but missing from the call table`).toBe(true);
  });

  it("the new API's own calls are in its call set and not in v3's table", () => {
    const own = ALL.filter((definition) => definition.api === 'options');
    expect(own.map((definition) => definition.name)).toEqual(['contracts_list']);
    for (const { name } of own) {
      expect(OPTIONS_CALLS.has(name), name).toBe(true);
      expect(CALLS.has(name), name).toBe(false);
    }
    // Every other call of the new API is a v3 call the server answers.
    for (const name of OPTIONS_CALLS)
      expect(CALLS.has(name) || own.some((definition) => definition.name === name), name).toBe(true);
  });

  it('a simulated call takes `subscribe` exactly when the table says it streams', () => {
    for (const definition of SIMULATED) {
      expect(acceptsSubscribe(definition), definition.name).toBe(entry(definition.name).subscribe !== 'none');
    }
  });

  it('the table gives every simulated stream its forget_all type and msg_type, which openStream needs', () => {
    for (const definition of SIMULATED) {
      const info = entry(definition.name);
      if (info.subscribe === 'none') continue;
      expect(info.streams.length, definition.name).toBeGreaterThan(0);
      for (const kind of info.streams) {
        expect(kind.type, definition.name).toBeDefined();
        expect(kind.msgType, definition.name).toBeDefined();
      }
    }
  });

  it('the reverse: a msg_type is given only for a stream the server simulates, as the table says', () => {
    for (const info of CALLS.values()) {
      if (info.streams.some((kind) => kind.msgType !== undefined))
        expect(simulated.has(info.name), info.name).toBe(true);
    }
  });

  it('every in-process call is simulated, and needs no authorization (the front end holds no account)', () => {
    const inProcess = [...CALLS.values()].filter((info) => info.inProcess);
    expect(inProcess.length).toBeGreaterThan(0);
    for (const info of inProcess) {
      expect(simulated.has(info.name), info.name).toBe(true);
      expect(info.authRequired, info.name).toBe(false);
    }
  });
});
