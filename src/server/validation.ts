import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { apiErrors, type ApiError } from './api-error.js';
import { acceptedReqId } from './envelope.js';

/**
 * Validates requests against our own JSON Schemas, and words failures as the real server
 * (JSON::Validator) does, so `details` reads the same.
 *
 * The real validator coerces (`"req_id":"5"` passes), and coercion rewrites the object it
 * checks. Most requests arrive well-typed, so each schema has two compiled forms: a strict
 * one that never touches the request, and a coercing one run only on a copy, only when the
 * strict one fails.
 */
export class RequestValidator {
  readonly #strict = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
  // verbose: error objects carry the offending value, which the messages quote.
  readonly #coercing = new Ajv({ allErrors: true, strict: false, coerceTypes: true, verbose: true });
  // The new API's: nothing coerced (`"price":"10"` is refused), every error reported.
  readonly #exact = new Ajv({ allErrors: true, strict: false, coerceTypes: false, verbose: true });
  readonly #compiled = new Map<SchemaObject, { strict: ValidateFunction; coercing: ValidateFunction }>();
  readonly #compiledExact = new Map<SchemaObject, ValidateFunction>();

  /**
   * Returns the arguments the handler should see (the request itself, or a coerced copy),
   * or throws `InputValidationFailed`.
   */
  validate(schema: SchemaObject, request: Record<string, unknown>): Record<string, unknown> {
    const validators = this.#validatorsFor(schema);
    const reqIdRefused = request.req_id !== undefined && acceptedReqId(request.req_id) === undefined;
    if (!reqIdRefused && validators.strict(request)) return request;
    let copy: Record<string, unknown>;
    try {
      copy = structuredClone(request);
    } catch {
      // Nested past the stack's depth: no schema of ours accepts that anyway.
      throw apiErrors.inputValidationFailed(['Request is nested too deeply.'], {});
    }
    const errors = validators.coercing(copy) ? [] : [...(validators.coercing.errors ?? [])];
    // Coercion would accept `true`, `null` or `"5.0"` as an integer the client never sent, and
    // the reply would then carry a `req_id` that client cannot match: refuse it instead.
    if (reqIdRefused && !errors.some((error) => error.instancePath === '/req_id'))
      errors.unshift(reqIdTypeError(request.req_id));
    if (errors.length === 0) return copy;
    throw describeFailure(errors);
  }

  /**
   * The new API's validation: the request as it is, no type coerced, since Deriv's new pages
   * say requests are checked strictly against their schemas (a `price` must be a number).
   * Returns the request itself, or throws `InputValidationFailed` worded as `validate` words it.
   */
  validateExact(schema: SchemaObject, request: Record<string, unknown>): Record<string, unknown> {
    let validator = this.#compiledExact.get(schema);
    if (!validator) {
      validator = this.#exact.compile(schema);
      this.#compiledExact.set(schema, validator);
    }
    if (validator(request)) return request;
    throw describeFailure([...(validator.errors ?? [])]);
  }

  #validatorsFor(schema: SchemaObject) {
    let validators = this.#compiled.get(schema);
    if (!validators) {
      validators = { strict: this.#strict.compile(schema), coercing: this.#coercing.compile(schema) };
      this.#compiled.set(schema, validators);
    }
    return validators;
  }
}

function reqIdTypeError(reqId: unknown): ErrorObject {
  return {
    keyword: 'type',
    instancePath: '/req_id',
    schemaPath: '#/properties/req_id/type',
    params: { type: 'integer' },
    data: reqId,
  };
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function fieldOf(error: ErrorObject): string {
  return error.instancePath.replace(/^\//, '');
}

/** One validator message in JSON::Validator's words. */
function wordError(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `Expected ${String(p.type).replace(',', '/')} - got ${jsonType(error.data)}.`;
    case 'enum':
      return `Not in enum list: ${(p.allowedValues as unknown[]).join(', ')}.`;
    case 'const':
      return `Does not match const: ${JSON.stringify(p.allowedValue)}.`;
    case 'pattern':
      return `String does not match ${String(p.pattern)}.`;
    case 'minimum':
      return `${String(error.data)} < minimum(${String(p.limit)}).`;
    case 'maximum':
      return `${String(error.data)} > maximum(${String(p.limit)}).`;
    case 'minLength':
      return `String is too short: ${String((error.data as string).length)}/${String(p.limit)}.`;
    case 'maxLength':
      return `String is too long: ${String((error.data as string).length)}/${String(p.limit)}.`;
    case 'minItems':
      return `Not enough items: ${String((error.data as unknown[]).length)}/${String(p.limit)}.`;
    case 'maxItems':
      return `Too many items: ${String((error.data as unknown[]).length)}/${String(p.limit)}.`;
    case 'anyOf':
    case 'oneOf':
      return 'Does not match any allowed form.';
    default:
      return error.message ?? 'Invalid value.';
  }
}

/**
 * Field errors go to `details` under the field's path and name the field in the message;
 * errors with no field (extra properties) go to the message only, as on the real server.
 */
export function describeFailure(errors: ErrorObject[]): ApiError {
  const details: Record<string, string> = {};
  const general: string[] = [];
  const extra: string[] = [];
  for (const error of errors) {
    if (error.keyword === 'additionalProperties') {
      extra.push(String((error.params as { additionalProperty: string }).additionalProperty));
      continue;
    }
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const parent = fieldOf(error);
      details[parent ? `${parent}/${missing}` : missing] ??= 'Missing property.';
      continue;
    }
    const field = fieldOf(error);
    // anyOf/oneOf report every branch; the summary line is enough, so keep the first message.
    if (field) details[field] ??= wordError(error);
    else general.push(wordError(error));
  }
  if (extra.length) general.push(`Properties not allowed: ${extra.join(', ')}.`);
  return apiErrors.inputValidationFailed([...Object.keys(details), ...general], details);
}
