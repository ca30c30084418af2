import type { Database } from 'better-sqlite3';
import type { Scope } from '../../protocol/calls.js';
import type { Account, LedgerAction, LedgerRow, NewAccount, TokenGrant } from './store.js';

/** An `accounts` row as SQLite returns it. */
interface AccountRecord {
  loginid: string;
  currency: string;
  balance_cents: number;
  is_virtual: 0 | 1;
  email: string;
  fullname: string;
  country: string;
  landing_company_name: string;
  user_id: number;
}

/** A `ledger` row as SQLite returns it. */
interface LedgerRecord {
  transaction_id: number;
  loginid: string;
  action: LedgerAction;
  amount_cents: number;
  balance_after_cents: number;
  time_ms: number;
  contract_id: number | null;
  reference_id: number | null;
  description: string;
  credit_key: string | null;
}

/** What the store writes into a new ledger row. */
export interface RowValues {
  loginid: string;
  action: LedgerAction;
  amount: number;
  balanceAfter: number;
  timeMs: number;
  contractId: number | null;
  referenceId: number | null;
  description: string;
  creditKey: string | null;
}

export interface LedgerSelection {
  loginid: string;
  from: number;
  to: number;
  action: LedgerAction | null;
  limit: number;
  offset: number;
}

export function toAccount(record: AccountRecord): Account {
  return {
    loginid: record.loginid,
    currency: record.currency,
    balanceCents: record.balance_cents,
    isVirtual: record.is_virtual === 1,
    email: record.email,
    fullname: record.fullname,
    country: record.country,
    landingCompanyName: record.landing_company_name,
    userId: record.user_id,
  };
}

export function toRow(record: LedgerRecord): LedgerRow {
  return {
    transactionId: record.transaction_id,
    loginid: record.loginid,
    action: record.action,
    amountCents: record.amount_cents,
    balanceAfterCents: record.balance_after_cents,
    timeMs: record.time_ms,
    contractId: record.contract_id ?? undefined,
    referenceId: record.reference_id ?? undefined,
    description: record.description,
    creditKey: record.credit_key ?? undefined,
  };
}

export function toGrant(record: { loginid: string; scopes: string }): TokenGrant {
  return { loginid: record.loginid, scopes: JSON.parse(record.scopes) as Scope[] };
}

/**
 * Every statement the store runs, prepared once per database. @internal: its inferred type
 * names better-sqlite3's inner `Statement` interface, which a published .d.ts cannot name.
 */
export function prepareStatements(db: Database) {
  return {
    account: db.prepare<[string], AccountRecord>('SELECT * FROM accounts WHERE loginid = ?'),
    // rowid order is creation order: `account_list` lists accounts as they were added.
    accountsOfUser: db.prepare<[number], AccountRecord>('SELECT * FROM accounts WHERE user_id = ? ORDER BY rowid'),
    grant: db.prepare<[string], { loginid: string; scopes: string }>(
      'SELECT loginid, scopes FROM tokens WHERE token = ?',
    ),
    insertAccount: db.prepare<[Omit<NewAccount, 'openingBalanceCents' | 'isVirtual'> & { isVirtual: 0 | 1 }]>(
      `INSERT INTO accounts (loginid, currency, balance_cents, is_virtual, email, fullname, country, landing_company_name, user_id)
       VALUES (@loginid, @currency, 0, @isVirtual, @email, @fullname, @country, @landingCompanyName, @userId)`,
    ),
    insertToken: db.prepare<[string, string, string]>('INSERT INTO tokens (token, loginid, scopes) VALUES (?, ?, ?)'),
    // The balance check and the change are one statement: no other write can come between them.
    take: db.prepare<[{ loginid: string; amount: number }], { balance_cents: number }>(
      'UPDATE accounts SET balance_cents = balance_cents - @amount WHERE loginid = @loginid AND balance_cents >= @amount RETURNING balance_cents',
    ),
    give: db.prepare<[{ loginid: string; amount: number }], { balance_cents: number }>(
      'UPDATE accounts SET balance_cents = balance_cents + @amount WHERE loginid = @loginid RETURNING balance_cents',
    ),
    insertRow: db.prepare<[RowValues], LedgerRecord>(
      `INSERT INTO ledger (loginid, action, amount_cents, balance_after_cents, time_ms, contract_id, reference_id, description, credit_key)
       VALUES (@loginid, @action, @amount, @balanceAfter, @timeMs, @contractId, @referenceId, @description, @creditKey) RETURNING *`,
    ),
    rowByKey: db.prepare<[string, string], LedgerRecord>('SELECT * FROM ledger WHERE loginid = ? AND credit_key = ?'),
    rows: db.prepare<[LedgerSelection], LedgerRecord>(
      `SELECT * FROM ledger WHERE loginid = @loginid AND time_ms BETWEEN @from AND @to AND (@action IS NULL OR action = @action)
       ORDER BY transaction_id DESC LIMIT @limit OFFSET @offset`,
    ),
    meta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    insertMeta: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
