import { UsageError } from './errors.js';

export function parseNumberOption(
  name: string,
  text: string,
  { min = -Infinity, max = Infinity, integer = false } = {},
): number {
  const value = Number(text);
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    const range = max === Infinity ? `${min} or more` : `from ${min} to ${max}`;
    throw new UsageError(`${name} must be ${integer ? 'an integer' : 'a number'} ${range}, not "${text}"`);
  }
  return value;
}

/** A contract id as typed: a positive integer, as the server numbers its contracts. */
export function parseContractId(text: string | undefined, example: string): number {
  if (text === undefined) throw new UsageError(`give a CONTRACT_ID, e.g. ${example}`);
  return parseNumberOption('CONTRACT_ID', text, { min: 1, integer: true });
}
