import { amountFromCents, centsFromAmount } from '../store/money.js';
import { UnknownAccount } from '../store/errors.js';
import type { Store } from '../store/store.js';

/**
 * Balances in currency units, for tests and scripts that set the scene: each change is an
 * `adjustment` row in the ledger, so balance streams and (next) the statement see it as they
 * would any other movement. The store itself (`server.store`) works in cents.
 */
export interface BalanceControls {
  /** The account's balance now. Rejects with `UnknownAccount` for a loginid the store does not hold. */
  balance(loginid: string): Promise<number>;
  /** Sets the balance; returns it. */
  setBalance(loginid: string, balance: number): Promise<number>;
  /** Adds `delta` (may be negative, never below 0: `InsufficientBalance`); returns the new balance. */
  adjustBalance(loginid: string, delta: number): Promise<number>;
}

export function balanceControls(store: Store): BalanceControls {
  return {
    async balance(loginid) {
      const account = await store.account(loginid);
      if (!account) throw new UnknownAccount(loginid);
      return amountFromCents(account.balanceCents);
    },
    setBalance: async (loginid, balance) =>
      amountFromCents((await store.setBalance(loginid, centsFromAmount(balance))).balanceAfterCents),
    adjustBalance: async (loginid, delta) =>
      amountFromCents((await store.adjustBalance(loginid, centsFromAmount(delta))).balanceAfterCents),
  };
}
