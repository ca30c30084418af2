import { expect } from 'vitest';
import { StoreError } from '../../../src/server/store/errors.js';
import type { LedgerRow, NewAccount, Store } from '../../../src/server/store/store.js';

export function newAccount(
  loginid: string,
  openingBalanceCents: number,
  overrides: Partial<NewAccount> = {},
): NewAccount {
  return {
    loginid,
    currency: 'USD',
    isVirtual: loginid.startsWith('VR'),
    email: `${loginid.toLowerCase()}@example.com`,
    fullname: 'Test Trader',
    country: 'aq',
    landingCompanyName: 'svg',
    userId: 1,
    openingBalanceCents,
    ...overrides,
  };
}

/** The error a promise rejected with, or a failure if it resolved. */
export async function refusal(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but the operation succeeded');
}

/** Every row of an account, oldest first. */
export async function allRows(store: Store, loginid: string): Promise<LedgerRow[]> {
  return (await store.ledger(loginid, { limit: 1_000_000 })).reverse();
}

/** Each row's balance is the previous one's plus its amount, from 0: no row lost, none invented. */
export function expectConsistentChain(rows: readonly LedgerRow[], balanceCents: number): void {
  let balance = 0;
  for (const row of rows) {
    balance += row.amountCents;
    expect(row.balanceAfterCents, `row ${row.transactionId}`).toBe(balance);
    expect(row.balanceAfterCents).toBeGreaterThanOrEqual(0);
  }
  expect(balance).toBe(balanceCents);
}
