import { randomInt } from 'node:crypto';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh API token in Deriv's format: 15 characters of [A-Za-z0-9] (docs/PROTOCOL-NOTES.md,
 * "Accounts and authorization").
 */
export function newApiToken(): string {
  let token = '';
  for (let i = 0; i < 15; i++) token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return token;
}
