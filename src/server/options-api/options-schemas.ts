import type { SchemaObject } from 'ajv';
import {
  OPTIONS_REQUEST_CHANGES,
  OPTIONS_STREAM_TYPES,
  REMOVED_FROM_EVERY_REQUEST,
  type FieldChanges,
  type OptionsCall,
} from '../../protocol/options-renames.js';
import { streamTypesSchema } from '../schemas.js';
import { reversedRenames } from './changes.js';

/**
 * The new API's request schema of a call, built from its v3 schema by the renames table
 * (protocol/options-renames.ts), so each field's rule lives in one place: renamed fields keep
 * their v3 rule under the new name, removed ones go, and every object refuses any other
 * property (Deriv's schemas are all `additionalProperties: false`). `forget_all` takes only the
 * new API's stream types.
 */
export function optionsSchema(call: OptionsCall, v3: SchemaObject): SchemaObject {
  let schema = BUILT.get(v3);
  if (!schema) {
    schema = builtSchema(call, v3);
    BUILT.set(v3, schema);
  }
  return schema;
}

/** Built once per v3 schema: the validator compiles each schema object once. */
const BUILT = new WeakMap<SchemaObject, SchemaObject>();

function builtSchema(call: OptionsCall, v3: SchemaObject): SchemaObject {
  const changes = OPTIONS_REQUEST_CHANGES[call];
  const schema = changedSchema(v3, {
    ...changes,
    removed: [...REMOVED_FROM_EVERY_REQUEST, ...(changes?.removed ?? [])],
  });
  if (call === 'forget_all') schema.properties.forget_all = streamTypesSchema(OPTIONS_STREAM_TYPES);
  const parameters = schema.properties?.parameters as SchemaObject | undefined;
  if (parameters?.type === 'object')
    schema.properties.parameters = changedSchema(parameters, {
      ...changes?.parameters,
      removed: [...REMOVED_FROM_EVERY_REQUEST, ...(changes?.parameters?.removed ?? [])],
    });
  return schema;
}

function changedSchema(schema: SchemaObject, changes: FieldChanges): SchemaObject {
  const renamed = changes.renamed ?? {};
  const removed = new Set(changes.removed);
  const properties: Record<string, SchemaObject> = {};
  for (const [key, rule] of Object.entries((schema.properties ?? {}) as Record<string, SchemaObject>))
    if (!removed.has(key)) properties[renamed[key] ?? key] = rule;
  const required = ((schema.required ?? []) as string[])
    .filter((key) => !removed.has(key))
    .map((key) => renamed[key] ?? key);
  return { ...schema, properties, required, additionalProperties: false };
}

/**
 * A validated new-API request in v3's names, for the v3 handler: the renamed fields back
 * (the removed ones cannot be there). The request itself is left alone: `echo_req` is it as sent.
 */
export function toV3Request(call: OptionsCall, request: Record<string, unknown>): Record<string, unknown> {
  const changes = OPTIONS_REQUEST_CHANGES[call];
  if (!changes) return request;
  const args = renamedBack(request, reversedRenames(changes));
  const parameters = args.parameters;
  if (changes.parameters && parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters))
    args.parameters = renamedBack(parameters as Record<string, unknown>, reversedRenames(changes.parameters));
  return args;
}

function renamedBack(object: Record<string, unknown>, back: Record<string, string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key in object) result[back[key] ?? key] = object[key];
  return result;
}
