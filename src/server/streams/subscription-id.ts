import { randomBytes } from 'node:crypto';

/**
 * 16 random bytes as 8-4-4-4-12 lowercase hex, like the real server's ids (they are not
 * RFC 4122 UUIDs: no version or variant bits). Random, so one connection cannot guess
 * another's ids.
 */
export function newSubscriptionId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
