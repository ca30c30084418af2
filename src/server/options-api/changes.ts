import type { FieldChanges } from '../../protocol/options-renames.js';
import { moneyText } from '../trading/trading-errors.js';

/**
 * One object's fields changed as `changes` says, in the object's own key order (a renamed
 * field keeps its place): renamed, then kept or removed, then money as text. Copies; never
 * changes `object`.
 */
export function changedFields(object: Record<string, unknown>, changes: FieldChanges): Record<string, unknown> {
  const { renamed = {}, removed = [], only, strings = [] } = changes;
  const dropped = new Set(removed);
  const kept = only && new Set(only);
  const result: Record<string, unknown> = {};
  for (const key in object) {
    const name = renamed[key] ?? key;
    if (dropped.has(key) || (kept && !kept.has(name))) continue;
    // A field renamed onto an existing name replaces it (`current_spot` from its display value).
    if (name !== key || !(name in result)) result[name] = object[key];
  }
  for (const key of strings) {
    const value = result[key];
    if (typeof value === 'number') result[key] = moneyText(value);
  }
  return result;
}

/** The v3 name of each new name in `changes`, for translating a request back. */
export function reversedRenames(changes: FieldChanges | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(changes?.renamed ?? {}).map(([v3, name]) => [name, v3]));
}
