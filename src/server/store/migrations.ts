import type { Database } from 'better-sqlite3';
import { DatabaseRefused } from './errors.js';

/** One step of the schema: migration n (1-based) takes a database from `user_version` n - 1 to n. */
export interface Migration {
  readonly description: string;
  readonly sql: string;
}

/**
 * `PRAGMA application_id` of our files ("dws1"), set by the first migration: a file with a
 * schema and another id belongs to another program, and we leave it alone.
 */
export const APPLICATION_ID = 0x64777331;

/** The statement's description of the row that opens an account with its first balance. */
export const OPENING_BALANCE_DESCRIPTION = 'Opening balance';

/** The largest integer a double holds exactly: the CHECKs keep every sum of cents below it. */
const MAX_CENTS = Number.MAX_SAFE_INTEGER;

/**
 * The schema's history, oldest first. Never edit a migration that has shipped: a database
 * made by it would differ from a fresh one. Add the next step at the end instead.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'accounts, tokens and meta: what the in-memory store held',
    sql: `
      PRAGMA application_id = ${APPLICATION_ID};
      CREATE TABLE accounts (
        loginid TEXT PRIMARY KEY,
        currency TEXT NOT NULL,
        balance_cents INTEGER NOT NULL CHECK (balance_cents BETWEEN 0 AND ${MAX_CENTS}),
        is_virtual INTEGER NOT NULL CHECK (is_virtual IN (0, 1)),
        email TEXT NOT NULL,
        fullname TEXT NOT NULL,
        country TEXT NOT NULL,
        landing_company_name TEXT NOT NULL,
        user_id INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX accounts_by_user ON accounts (user_id);
      CREATE TABLE tokens (
        token TEXT PRIMARY KEY,
        loginid TEXT NOT NULL REFERENCES accounts (loginid),
        scopes TEXT NOT NULL
      ) STRICT;
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;`,
  },
  {
    description: 'the ledger; each balance held so far becomes an opening deposit row, so balance = sum of rows',
    sql: `
      CREATE TABLE ledger (
        transaction_id INTEGER PRIMARY KEY AUTOINCREMENT,
        loginid TEXT NOT NULL REFERENCES accounts (loginid),
        action TEXT NOT NULL,
        amount_cents INTEGER NOT NULL CHECK (amount_cents BETWEEN -${MAX_CENTS} AND ${MAX_CENTS}),
        balance_after_cents INTEGER NOT NULL CHECK (balance_after_cents BETWEEN 0 AND ${MAX_CENTS}),
        time_ms INTEGER NOT NULL,
        contract_id INTEGER,
        reference_id INTEGER,
        description TEXT NOT NULL,
        credit_key TEXT,
        UNIQUE (loginid, credit_key)
      ) STRICT;
      CREATE INDEX ledger_by_account ON ledger (loginid, transaction_id);
      INSERT INTO ledger (loginid, action, amount_cents, balance_after_cents, time_ms, description)
        SELECT loginid, 'deposit', balance_cents, balance_cents, CAST(unixepoch('subsec') * 1000 AS INTEGER), '${OPENING_BALANCE_DESCRIPTION}'
        FROM accounts WHERE balance_cents > 0 ORDER BY rowid;`,
  },
  {
    description: 'contracts: what was bought, with its buy row, and its sale once sold',
    sql: `
      CREATE TABLE contracts (
        contract_id INTEGER PRIMARY KEY AUTOINCREMENT,
        loginid TEXT NOT NULL REFERENCES accounts (loginid),
        symbol TEXT NOT NULL,
        contract_type TEXT NOT NULL,
        currency TEXT NOT NULL,
        buy_price_cents INTEGER NOT NULL CHECK (buy_price_cents BETWEEN 0 AND ${MAX_CENTS}),
        payout_cents INTEGER NOT NULL CHECK (payout_cents BETWEEN 0 AND ${MAX_CENTS}),
        purchase_time_ms INTEGER NOT NULL,
        expiry_time_ms INTEGER NOT NULL,
        shortcode TEXT NOT NULL,
        longcode TEXT NOT NULL,
        buy_transaction_id INTEGER NOT NULL UNIQUE REFERENCES ledger (transaction_id),
        terms TEXT NOT NULL,
        sell_price_cents INTEGER CHECK (sell_price_cents BETWEEN 0 AND ${MAX_CENTS}),
        sell_time_ms INTEGER,
        sell_transaction_id INTEGER UNIQUE REFERENCES ledger (transaction_id),
        outcome TEXT
      ) STRICT;
      -- Contract ids start far from transaction ids, so that one is never mistaken for the other.
      INSERT INTO sqlite_sequence (name, seq) VALUES ('contracts', 100000000);
      CREATE INDEX contracts_open ON contracts (expiry_time_ms) WHERE sell_transaction_id IS NULL;
      CREATE INDEX contracts_by_account ON contracts (loginid, contract_id);
      CREATE INDEX contracts_sold_by_account ON contracts (loginid, sell_time_ms) WHERE sell_transaction_id IS NOT NULL;`,
  },
  {
    description: "contract updates: a multiplier's limit orders changed after its purchase, in order",
    sql: `
      CREATE TABLE contract_updates (
        contract_id INTEGER NOT NULL REFERENCES contracts (contract_id),
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        time_ms INTEGER NOT NULL,
        change TEXT NOT NULL,
        PRIMARY KEY (contract_id, sequence)
      ) STRICT;
      -- Kept with the contract, so the many contracts never updated are read without a look at the updates.
      ALTER TABLE contracts ADD COLUMN update_count INTEGER NOT NULL DEFAULT 0 CHECK (update_count >= 0);`,
  },
];

/**
 * Brings the database up to `migrations.length`, in one write transaction: a crash leaves the
 * old version whole, and two processes opening a fresh file at once migrate it once (the
 * second finds the version already raised). A database from a newer version is refused.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const known = migrations.length;
  db.transaction(() => {
    const version = refuseNewerVersion(db, known);
    for (let next = version; next < known; next++) db.exec(migrations[next]!.sql);
    if (version < known) db.pragma(`user_version = ${known}`);
  }).immediate();
}

/** The database's schema version, unless it is newer than the `known` one: we cannot read a future schema. */
export function refuseNewerVersion(db: Database, known: number): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > known) {
    throw new DatabaseRefused(
      'DatabaseTooNew',
      db.name,
      `holds schema version ${version}, from a newer deriv-ws (this one knows versions up to ${known})`,
    );
  }
  return version;
}
