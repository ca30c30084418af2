import { OPTIONS_RESPONSE_CHANGES } from '../../protocol/options-renames.js';
import { changedFields } from './changes.js';

/**
 * A v3 payload as the new API sends it, by its `msg_type` (protocol/options-renames.ts).
 * Anything of another shape (an empty `proposal_open_contract` `{}`, an error) passes as it is.
 */
export function optionsPayload(msgType: string, payload: unknown): unknown {
  const changes = OPTIONS_RESPONSE_CHANGES[msgType];
  if (!changes || (!isObject(payload) && !Array.isArray(payload))) return payload;
  let result = payload;
  if (changes.payload && isObject(result)) result = changedFields(result, changes.payload);
  const { item } = changes;
  if (!item) return result;
  const list = changes.items === undefined ? result : isObject(result) ? result[changes.items] : undefined;
  if (!Array.isArray(list)) return result;
  const items = list.map((entry) => (isObject(entry) ? changedFields(entry, item) : entry));
  return changes.items === undefined ? items : { ...(result as Record<string, unknown>), [changes.items]: items };
}

/** A reply's or stream message's fields, `{ [msgType]: payload, … }`, with the payload changed. */
export function optionsFields(msgType: string, fields: Record<string, unknown>): Record<string, unknown> {
  if (!(msgType in fields) || OPTIONS_RESPONSE_CHANGES[msgType] === undefined) return fields;
  return { ...fields, [msgType]: optionsPayload(msgType, fields[msgType]) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
