import type { Scope } from '../../protocol/calls.js';
import type { AccountProfile } from '../store/store.js';

/** An account as the server keeps it. */
export interface Account extends AccountProfile {
  readonly balance: number;
}

/** What a token grants: one account, with these scopes. */
export interface TokenGrant {
  readonly loginid: string;
  readonly scopes: readonly Scope[];
}

export type BalanceListener = (loginid: string, balance: number) => void;

/**
 * Where accounts and balances live. Asynchronous on purpose: the in-memory store answers at
 * once, but a store reached over IPC (one primary for many workers) or Redis cannot, and
 * handlers are written for both. An account reached through any worker has one balance.
 */
export interface AccountStore {
  grantFor(token: string): Promise<TokenGrant | undefined>;
  account(loginid: string): Promise<Account | undefined>;
  /** Every account of that user (the `account_list` of `authorize`). */
  accountsOfUser(userId: number): Promise<Account[]>;
  /** Adds `delta` (may be negative) and returns the new balance. */
  adjustBalance(loginid: string, delta: number): Promise<number>;
  setBalance(loginid: string, balance: number): Promise<number>;
  /** Called after every balance change. Returns the function that stops it. */
  onBalanceChange(listener: BalanceListener): () => void;
}
