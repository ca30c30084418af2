import { isIP } from 'node:net';

/**
 * The proxies whose `X-Forwarded-For` is believed, as given (`trustedProxies`, `--trust-proxy`).
 * Each must be an IP address: a name would have to be resolved, and a range is not needed for the
 * one balancer (or few) a fleet sits behind.
 */
export function trustedProxySet(addresses: Iterable<string> | undefined): ReadonlySet<string> {
  const set = new Set<string>();
  for (const address of addresses ?? []) {
    if (isIP(address) === 0) throw new TypeError(`trustedProxies: ${JSON.stringify(address)} is not an IP address`);
    set.add(plain(address));
  }
  return set;
}

/**
 * Most entries of `X-Forwarded-For` read: the header is bounded by Node's header size (16 KiB)
 * already, and a chain of proxies is a few long, so this only bounds the work on a silly header.
 */
const MAX_HOPS = 32;

/**
 * The address a connection is counted and logged under. Behind a trusted proxy every TCP peer is
 * the proxy, so per-IP caps and budgets would count a whole fleet's users as one: the client is
 * then the right-most `X-Forwarded-For` entry that is not itself a trusted proxy. Right-most,
 * because each proxy appends the address it saw; entries further left come from the client and
 * may be made up. An entry that is not an IP address ends the walk at the hop before it.
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | readonly string[] | undefined,
  trusted: ReadonlySet<string>,
): string {
  if (trusted.size === 0 || !trusted.has(plain(peer)) || forwardedFor === undefined) return peer;
  const hops = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(','))
    .split(',')
    .slice(-MAX_HOPS)
    .map((hop) => hop.trim());
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.has(plain(hop))) return hop;
  }
  return client;
}

/** An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`) is the IPv4 address. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address.toLowerCase();
}
