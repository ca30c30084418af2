import type { SchemaObject } from 'ajv';
import { STREAM_TYPES, type CallInfo, type CallKeyRule } from '../protocol/calls.js';

/**
 * Our own JSON Schemas for requests. Deriv's schema files carry no licence, so these are
 * written from the facts in the protocol reference: every call takes `req_id` (integer) and
 * `passthrough` (object), its call key follows the call table's rule, and simulated calls
 * list their own fields and refuse any other.
 */

const SYMBOL = String.raw`^\w{2,30}$`;

export function keySchema(rule: CallKeyRule): SchemaObject {
  switch (rule.kind) {
    case 'one':
      return { type: 'integer', enum: [1] };
    case 'integer':
      return { type: 'integer' };
    case 'string':
      return { type: 'string', pattern: rule.pattern };
    case 'enum':
      return { type: 'string', enum: [...rule.values] };
    case 'stream_types':
      return streamTypesSchema(STREAM_TYPES);
    case 'symbols': {
      const symbol = { type: 'string', pattern: SYMBOL };
      return { anyOf: [symbol, { type: 'array', items: symbol, minItems: 1 }] };
    }
  }
}

/** `forget_all`'s key: one of `types`, or a non-empty list of them. */
export function streamTypesSchema(types: readonly string[]): SchemaObject {
  const type = { type: 'string', enum: [...types] };
  return { anyOf: [type, { type: 'array', items: type, minItems: 1 }] };
}

export interface CallSchemaOptions {
  /** The call's own fields. Absent: the call is not simulated, so unknown fields pass through. */
  properties?: Record<string, SchemaObject>;
  required?: string[];
  /** Values `subscribe` may take, when the call streams. */
  subscribe?: readonly number[];
}

export function callSchema(
  info: CallInfo,
  { properties, required = [], subscribe }: CallSchemaOptions = {},
): SchemaObject {
  const subscribeValues = subscribe ?? (info.subscribe === 'none' ? undefined : [1]);
  return {
    type: 'object',
    properties: {
      [info.name]: keySchema(info.key),
      req_id: { type: 'integer' },
      passthrough: { type: 'object' },
      ...(subscribeValues ? { subscribe: { type: 'integer', enum: [...subscribeValues] } } : {}),
      ...properties,
    },
    required: [info.name, ...required],
    additionalProperties: properties === undefined,
  };
}
