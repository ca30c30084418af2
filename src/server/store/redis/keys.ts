/**
 * Where the Redis store keeps what, under one `prefix` (default `dws:`; tests give each store
 * its own, so they share a server and run in parallel).
 *
 * The keys of one account share the hash tag `{loginid}`, so Redis Cluster puts them in one
 * slot and a script that changes one account touches one slot. The fleet-wide keys (the id
 * counter, the contract index, tokens, meta) carry tags of their own.
 */

/** The per-account keys and channel, by the name after `{loginid}:`; the sell script rebuilds them from these names. */
export const ACCOUNT_KEY_NAMES = {
  /** Hash: the profile's fields and `balance` in integer cents. */
  account: 'account',
  /** Sorted set: each ledger row's JSON, scored by its transaction id (so newest first is ZRANGE … REV). */
  ledger: 'ledger',
  /** Hash: creditOnce key → the transaction id of the row it wrote. */
  credits: 'credits',
  /**
   * Hash: `c:<id>` → the contract as bought (JSON, never changed), `s:<id>` → its sale (JSON), once
   * sold, `u:<id>` → its updates (a JSON array, oldest first), once it has one.
   */
  contracts: 'contracts',
  /** Sorted sets of contract ids (scored by id): the account's open and sold contracts. */
  open: 'open',
  sold: 'sold',
  /** Pub/sub channel (not a key): what each write committed (account-messages.ts), published by its script. */
  events: 'events',
} as const;

export type AccountKeyName = keyof typeof ACCOUNT_KEY_NAMES;

export interface RedisKeys {
  /** `<prefix>{` : what an account's keys start with, before the loginid. */
  readonly accountHead: string;
  of(loginid: string, name: AccountKeyName): string;
  /** List: a user's loginids, in the order their accounts were created (`account_list`). */
  userAccounts(userId: number): string;
  /** Hash: token → its grant as JSON. The token is a secret: it is a field, never part of a key name or a log. */
  readonly tokens: string;
  /** Hash: the store's `meta` facts (the demo token, the market's seed and clock). */
  readonly meta: string;
  /** String: the one counter transaction and contract ids are both taken from (so they never collide, and increase fleet-wide). */
  readonly ids: string;
  /** Hash: contract id → its account's loginid; how `contract(id)` and a sale find the account. */
  readonly contractOwners: string;
  /** Sorted set: every open contract's id, scored by its expiry time: what is due to settle, fleet-wide. */
  readonly openByExpiry: string;
}

export function redisKeys(prefix: string): RedisKeys {
  const accountHead = `${prefix}{`;
  return {
    accountHead,
    of: (loginid, name) => `${accountHead}${loginid}}:${ACCOUNT_KEY_NAMES[name]}`,
    userAccounts: (userId) => `${prefix}{user:${userId}}:accounts`,
    tokens: `${prefix}{tokens}`,
    meta: `${prefix}{meta}`,
    ids: `${prefix}{ids}`,
    contractOwners: `${prefix}{contracts}:owner`,
    openByExpiry: `${prefix}{contracts}:open-by-expiry`,
  };
}
