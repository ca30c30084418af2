import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  OPTIONS_CALL_NAMES,
  OPTIONS_REQUEST_CHANGES,
  OPTIONS_RESPONSE_CHANGES,
  REMOVED_FROM_EVERY_REQUEST,
  type FieldChanges,
} from '../../src/protocol/options-renames.js';

const doc = readFileSync(new URL('../../docs/migrating-to-the-new-api.md', import.meta.url), 'utf8');

/** Every field name a change names: renamed (both names), removed, kept, retyped. */
function fieldsOf(changes: FieldChanges | undefined): string[] {
  if (!changes) return [];
  return [
    ...Object.entries(changes.renamed ?? {}).flat(),
    ...(changes.removed ?? []),
    ...(changes.only ?? []),
    ...(changes.strings ?? []),
  ];
}

describe('docs/migrating-to-the-new-api.md', () => {
  it('names every call, and every field the renames table renames, removes or retypes', () => {
    const fields = new Set<string>(REMOVED_FROM_EVERY_REQUEST);
    for (const changes of Object.values(OPTIONS_REQUEST_CHANGES)) {
      for (const field of fieldsOf(changes)) fields.add(field);
      for (const field of fieldsOf(changes?.parameters)) fields.add(field);
    }
    for (const changes of Object.values(OPTIONS_RESPONSE_CHANGES))
      for (const field of [...fieldsOf(changes.payload), ...fieldsOf(changes.item)]) fields.add(field);
    const missing = [...fields, ...OPTIONS_CALL_NAMES].filter(
      (name) => !doc.includes(`\`${name}\``) && !doc.includes(`.${name}\``),
    );
    expect(missing).toEqual([]);
  });
});
