import { isIPv4, isIPv6 } from 'node:net';
import { isLoopback } from '../loopback.js';

/**
 * The address that per-IP caps and budgets count a client under. IPv4 is itself (an IPv4 address
 * mapped into IPv6 is its IPv4 form). IPv6 is its /64: a site or a single host is handed a whole
 * /64, and counting each of its 2^64 addresses apart would let one client take a fresh budget and
 * a fresh connection cap for every address it picks. Loopback stays itself, so its default
 * exemption from the connection cap still applies.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isLoopback(address) || isIPv4(address)) return address;
  const bare = address.split('%')[0]!;
  if (!isIPv6(bare)) return address;
  return `${firstGroups(bare, 4).join(':')}::/64`;
}

/** The first `count` 16-bit groups of a valid IPv6 address, `::` expanded, without leading zeros. */
function firstGroups(address: string, count: number): string[] {
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const before = groupsOf(head);
  const after = tail === undefined ? [] : groupsOf(tail);
  const zeros = tail === undefined ? [] : Array(8 - before.length - after.length).fill('0');
  return [...before, ...zeros, ...after].slice(0, count).map((group) => Number.parseInt(group, 16).toString(16));
}
