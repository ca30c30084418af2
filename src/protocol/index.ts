export * from './calls.js';
export * from './close-codes.js';
export * from './envelope.js';
export * from './errors.js';
export * from './limits.js';
export * from './url.js';
export type { TypedCalls } from './call-types.js';
