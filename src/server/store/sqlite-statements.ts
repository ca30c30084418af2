import type { Database } from 'better-sqlite3';
import type { Scope } from '../../protocol/calls.js';
import type {
  Account,
  ContractOrder,
  ContractRecord,
  ContractUpdate,
  LedgerAction,
  LedgerRow,
  NewAccount,
  TokenGrant,
} from './store.js';

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

/** A `contracts` row as SQLite returns it. */
interface ContractRow {
  contract_id: number;
  loginid: string;
  symbol: string;
  contract_type: string;
  currency: string;
  buy_price_cents: number;
  payout_cents: number;
  purchase_time_ms: number;
  expiry_time_ms: number;
  shortcode: string;
  longcode: string;
  buy_transaction_id: number;
  terms: string;
  sell_price_cents: number | null;
  sell_time_ms: number | null;
  sell_transaction_id: number | null;
  outcome: string | null;
  update_count: number;
}

/** A `contract_updates` row as SQLite returns it. */
export interface ContractUpdateRow {
  contract_id: number;
  sequence: number;
  time_ms: number;
  change: string;
}

export interface ContractSelection {
  loginid: string | null;
  sold: 0 | 1;
  expiringBy: number;
  from: number;
  to: number;
  /** JSON array of contract types, or null for all. */
  types: string | null;
  limit: number;
  offset: number;
}

export function toUpdate(row: ContractUpdateRow): ContractUpdate {
  return { sequence: row.sequence, timeMs: row.time_ms, change: row.change };
}

/** A contract row as a record, with its updates (read apart, and only for a row whose `update_count` is not 0). */
export function toContract(row: ContractRow, updates: readonly ContractUpdate[] = []): ContractRecord {
  return {
    contractId: row.contract_id,
    loginid: row.loginid,
    symbol: row.symbol,
    contractType: row.contract_type,
    currency: row.currency,
    buyPriceCents: row.buy_price_cents,
    payoutCents: row.payout_cents,
    purchaseTimeMs: row.purchase_time_ms,
    expiryTimeMs: row.expiry_time_ms,
    shortcode: row.shortcode,
    longcode: row.longcode,
    buyTransactionId: row.buy_transaction_id,
    terms: row.terms,
    sale:
      row.sell_transaction_id === null
        ? undefined
        : {
            sellPriceCents: row.sell_price_cents!,
            sellTimeMs: row.sell_time_ms!,
            sellTransactionId: row.sell_transaction_id,
            outcome: row.outcome ?? '',
          },
    updates,
  };
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
    // No RETURNING on the writes below: the store knows every value it wrote, and RETURNING costs
    // about 10 µs a row here (SQLite gathers the rows in a table of their own first).
    insertRow: db.prepare<[RowValues]>(
      `INSERT INTO ledger (loginid, action, amount_cents, balance_after_cents, time_ms, contract_id, reference_id, description, credit_key)
       VALUES (@loginid, @action, @amount, @balanceAfter, @timeMs, @contractId, @referenceId, @description, @creditKey)`,
    ),
    rowByKey: db.prepare<[string, string], LedgerRecord>('SELECT * FROM ledger WHERE loginid = ? AND credit_key = ?'),
    rows: db.prepare<[LedgerSelection], LedgerRecord>(
      `SELECT * FROM ledger WHERE loginid = @loginid AND time_ms BETWEEN @from AND @to AND (@action IS NULL OR action = @action)
       ORDER BY transaction_id DESC LIMIT @limit OFFSET @offset`,
    ),
    insertContract: db.prepare<[ContractOrder & { contractId: number; buyTransactionId: number }]>(
      `INSERT INTO contracts (contract_id, loginid, symbol, contract_type, currency, buy_price_cents, payout_cents, purchase_time_ms, expiry_time_ms,
         shortcode, longcode, buy_transaction_id, terms)
       VALUES (@contractId, @loginid, @symbol, @contractType, @currency, @buyPriceCents, @payoutCents, @purchaseTimeMs, @expiryTimeMs,
         @shortcode, @longcode, @buyTransactionId, @terms)`,
    ),
    // The next contract id, so the buy row can name its contract before the contract row exists.
    nextContractId: db.prepare<[], { next: number }>(
      "SELECT seq + 1 AS next FROM sqlite_sequence WHERE name = 'contracts'",
    ),
    contract: db.prepare<[number], ContractRow>('SELECT * FROM contracts WHERE contract_id = ?'),
    // What a sale needs of a contract the caller already holds: a third of the whole row's cost here.
    contractSaleFacts: db.prepare<
      [number],
      Pick<ContractRow, 'loginid' | 'longcode' | 'buy_transaction_id' | 'sell_transaction_id' | 'update_count'>
    >(
      'SELECT loginid, longcode, buy_transaction_id, sell_transaction_id, update_count FROM contracts WHERE contract_id = ?',
    ),
    updatesOf: db.prepare<[number], ContractUpdateRow>(
      'SELECT * FROM contract_updates WHERE contract_id = ? ORDER BY sequence',
    ),
    insertUpdate: db.prepare<[ContractUpdateRow]>(
      'INSERT INTO contract_updates (contract_id, sequence, time_ms, change) VALUES (@contract_id, @sequence, @time_ms, @change)',
    ),
    countUpdate: db.prepare<[number]>('UPDATE contracts SET update_count = update_count + 1 WHERE contract_id = ?'),
    recordSale: db.prepare<
      [{ contractId: number; price: number; time: number; transactionId: number; outcome: string }]
    >(
      `UPDATE contracts SET sell_price_cents = @price, sell_time_ms = @time, sell_transaction_id = @transactionId, outcome = @outcome
       WHERE contract_id = @contractId AND sell_transaction_id IS NULL`,
    ),
    rowById: db.prepare<[number], LedgerRecord>('SELECT * FROM ledger WHERE transaction_id = ?'),
    // Two statements, not one with a direction parameter: ORDER BY cannot take one, and each can use its index.
    contractsDesc: db.prepare<[ContractSelection], ContractRow>(contractSelection('DESC')),
    contractsAsc: db.prepare<[ContractSelection], ContractRow>(contractSelection('ASC')),
    // On the partial index of open contracts by expiry: ids only, no record read.
    openContractIds: db
      .prepare<[number], number>(
        'SELECT contract_id FROM contracts WHERE sell_transaction_id IS NULL AND expiry_time_ms <= ? ORDER BY expiry_time_ms, contract_id',
      )
      .pluck(),
    meta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    insertMeta: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    ),
    replaceMeta: db.prepare<[string, string, string]>('UPDATE meta SET value = ? WHERE key = ? AND value = ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** Open contracts by purchase (and expiry bound), sold ones by sale time: the orders `portfolio` and `profit_table` list them in. */
function contractSelection(order: 'ASC' | 'DESC'): string {
  return `SELECT * FROM contracts
    WHERE (@loginid IS NULL OR loginid = @loginid)
      AND (CASE WHEN @sold = 1 THEN sell_transaction_id IS NOT NULL ELSE sell_transaction_id IS NULL AND expiry_time_ms <= @expiringBy END)
      AND (CASE WHEN @sold = 1 THEN sell_time_ms ELSE purchase_time_ms END) BETWEEN @from AND @to
      AND (@types IS NULL OR contract_type IN (SELECT value FROM json_each(@types)))
    ORDER BY (CASE WHEN @sold = 1 THEN sell_time_ms ELSE purchase_time_ms END) ${order}, contract_id ${order}
    LIMIT @limit OFFSET @offset`;
}
