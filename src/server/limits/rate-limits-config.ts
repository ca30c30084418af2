import { Ajv, type ValidateFunction } from 'ajv';
import type { RateLimitOptions } from './rate-limiter.js';

const BUDGET = {
  type: 'object',
  required: ['minutely', 'hourly'],
  additionalProperties: false,
  properties: { minutely: { type: 'integer', minimum: 1 }, hourly: { type: 'integer', minimum: 1 } },
} as const;

/** `RateLimitOptions` as a JSON file holds them (`serve --rate-limits FILE`). */
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: { general: BUDGET, outcome: BUDGET, pricing: BUDGET },
    },
    failedAuthorizations: BUDGET,
    minuteMs: { type: 'number', exclusiveMinimum: 0 },
    hourMs: { type: 'number', exclusiveMinimum: 0 },
    maxKeys: { type: 'integer', minimum: 1 },
    per: { enum: ['client', 'connection'] },
  },
} as const;

// Compiled on first use: few servers are given a file.
let validate: ValidateFunction | undefined;

/** Checks a rate-limits file and says what is wrong in one line. */
export function parseRateLimitsConfig(value: unknown): RateLimitOptions {
  validate ??= new Ajv({ allErrors: true }).compile(SCHEMA);
  if (!validate(value)) {
    const error = validate.errors![0]!;
    const allowed =
      error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    const extra =
      error.keyword === 'additionalProperties'
        ? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
        : '';
    throw new Error(
      `rate limits file: ${error.instancePath || '/'} ${error.message ?? 'is invalid'}${allowed}${extra}`,
    );
  }
  return value as RateLimitOptions;
}
