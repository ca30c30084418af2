import BetterSqlite3 from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabaseFile } from '../../../src/server/store/database-file.js';
import { DatabaseRefused } from '../../../src/server/store/errors.js';
import { APPLICATION_ID, MIGRATIONS } from '../../../src/server/store/migrations.js';
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';
import { useStoreFiles } from './store-files.js';
import { allRows, expectConsistentChain } from './store-helpers.js';

/** The schema as SQLite describes it: two databases with the same list have the same tables, indexes and constraints. */
function schemaOf(path: string): { sql: string[]; version: number; applicationId: number } {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    const sql = (
      raw.prepare('SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name').all() as { sql: string }[]
    ).map((row) => row.sql);
    return {
      sql,
      version: raw.pragma('user_version', { simple: true }) as number,
      applicationId: raw.pragma('application_id', { simple: true }) as number,
    };
  } finally {
    raw.close();
  }
}

function refusedWith(open: () => unknown): DatabaseRefused {
  try {
    open();
  } catch (error) {
    if (error instanceof DatabaseRefused) return error;
    throw error;
  }
  throw new Error('the database was accepted');
}

describe('the SQLite schema: user_version and ordered migrations', () => {
  const files = useStoreFiles('migrations');
  const file = (name: string) => join(files.dir, name);

  it('a missing file and an empty file both become the latest version, marked as ours', async () => {
    writeFileSync(file('empty.sqlite'), '');
    for (const name of ['missing.sqlite', 'empty.sqlite']) {
      await new SqliteStore(file(name)).close();
      const schema = schemaOf(file(name));
      expect(schema.version).toBe(MIGRATIONS.length);
      expect(schema.applicationId).toBe(APPLICATION_ID);
      expect(schema.sql.some((sql) => sql.startsWith('CREATE TABLE ledger'))).toBe(true);
    }
  });

  it('from every earlier version, migrating gives exactly the schema a fresh file gets', async () => {
    await new SqliteStore(file('fresh.sqlite')).close();
    const fresh = schemaOf(file('fresh.sqlite'));
    for (let version = 0; version < MIGRATIONS.length; version++) {
      const path = file(`from-${version}.sqlite`);
      openDatabaseFile(path, { migrations: MIGRATIONS.slice(0, version) }).close();
      expect(schemaOf(path).version).toBe(version);
      await new SqliteStore(path).close();
      expect(schemaOf(path)).toEqual(fresh);
    }
  });

  it('a version-1 file (balances, no ledger) keeps its accounts and tokens, and each balance becomes an opening row', async () => {
    const path = file('v1.sqlite');
    const v1 = openDatabaseFile(path, { migrations: MIGRATIONS.slice(0, 1) });
    const insert = v1.prepare(
      `INSERT INTO accounts (loginid, currency, balance_cents, is_virtual, email, fullname, country, landing_company_name, user_id)
       VALUES (?, 'USD', ?, 0, 'a@example.com', 'A', 'aq', 'svg', 1)`,
    );
    insert.run('CR1', 123_456);
    insert.run('CR2', 0);
    v1.prepare("INSERT INTO tokens (token, loginid, scopes) VALUES ('v1TokenOfCr1xx', 'CR1', '[\"read\"]')").run();
    v1.close();

    const store = new SqliteStore(path);
    try {
      expect((await store.account('CR1'))?.balanceCents).toBe(123_456);
      expect(await store.grantFor('v1TokenOfCr1xx')).toEqual({ loginid: 'CR1', scopes: ['read'] });
      const rows = await allRows(store, 'CR1');
      expect(rows.map((row) => [row.action, row.amountCents, row.description])).toEqual([
        ['deposit', 123_456, 'Opening balance'],
      ]);
      expect(await allRows(store, 'CR2')).toEqual([]);
      await store.debit({ loginid: 'CR1', amountCents: 456, action: 'buy' });
      expectConsistentChain(await allRows(store, 'CR1'), 123_000);
    } finally {
      await store.close();
    }
  });

  it('a file from a newer version is refused in one line, and not a byte of it changes', () => {
    const path = file('newer.sqlite');
    openDatabaseFile(path).close();
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const bytes = readFileSync(path);
    const error = refusedWith(() => new SqliteStore(path));
    expect(error.reason).toBe('DatabaseTooNew');
    expect(error.message).toBe(
      `${path} holds schema version ${MIGRATIONS.length + 1}, from a newer deriv-ws (this one knows versions up to ${MIGRATIONS.length})`,
    );
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('a file that is not SQLite is refused in one line, and not a byte of it changes', () => {
    for (const [name, content] of [
      ['notes.txt', 'not a database\n'],
      ['big.bin', 'x'.repeat(8_192)],
    ] as const) {
      const path = file(name);
      writeFileSync(path, content);
      const error = refusedWith(() => new SqliteStore(path));
      expect(error).toMatchObject({
        code: 'DatabaseRefused',
        reason: 'NotADatabase',
        message: `${path} is not an SQLite database`,
      });
      expect(readFileSync(path, 'utf8')).toBe(content);
    }
  });

  it("another program's SQLite file is refused, and not a byte of it changes", () => {
    const path = file('theirs.sqlite');
    const raw = new BetterSqlite3(path);
    raw.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me')");
    raw.close();
    const bytes = readFileSync(path);
    const error = refusedWith(() => new SqliteStore(path));
    expect(error.reason).toBe('ForeignDatabase');
    expect(error.message).toBe(
      `${path} is an SQLite database of another program (it has tables, and not our application id)`,
    );
    // Not even switched to WAL: the file is byte for byte what its program wrote.
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('a path in a missing directory, or a directory, is refused in one line', () => {
    const missing = refusedWith(() => new SqliteStore('/nonexistent/dir/x.sqlite'));
    expect(missing).toMatchObject({
      reason: 'DatabaseUnavailable',
      message: '/nonexistent/dir/x.sqlite cannot be opened: cannot open database because the directory does not exist',
    });
    const directory = refusedWith(() => new SqliteStore(files.dir));
    expect(directory).toMatchObject({
      reason: 'DatabaseUnavailable',
      message: `${files.dir} cannot be opened: unable to open database file`,
    });
  });
});
