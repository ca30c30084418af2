import { SANITY_MAX_KEY_LENGTH, SANITY_MAX_VALUE_LENGTH } from '../protocol/limits.js';

const KEY = new RegExp(`^[A-Za-z0-9_-]{1,${SANITY_MAX_KEY_LENGTH}}$`);
// Common-script characters, letters of any script, whitespace, and printable ASCII (`!-~`).
const VALUE = new RegExp(`^[\\p{Script=Common}\\p{L}\\s\\w@_:!-~]{0,${SANITY_MAX_VALUE_LENGTH}}$`, 'u');
const PASSWORD_KEY = /password/;

function valueIsSane(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return true;
  if (PASSWORD_KEY.test(key)) return true;
  return VALUE.test(value);
}

/**
 * The real server's sanity check (docs/PROTOCOL-NOTES.md, "Request pipeline"): keys and scalar
 * values at the top level and one level down. It runs before dispatch, so it guards every call
 * alike; deeper levels are left to schema validation, as on the real server.
 */
export function passesSanityCheck(request: Record<string, unknown>): boolean {
  for (const key in request) {
    if (!KEY.test(key)) return false;
    const value = request[key];
    if (value !== null && typeof value === 'object') {
      const isArray = Array.isArray(value);
      for (const innerKey in value) {
        if (!isArray && !KEY.test(innerKey)) return false;
        if (!valueIsSane(isArray ? key : innerKey, (value as Record<string, unknown>)[innerKey])) return false;
      }
    } else if (!valueIsSane(key, value)) {
      return false;
    }
  }
  return true;
}
