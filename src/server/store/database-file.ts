import BetterSqlite3, { type Database } from 'better-sqlite3';
import { DatabaseRefused } from './errors.js';
import { APPLICATION_ID, migrate, MIGRATIONS, refuseNewerVersion, type Migration } from './migrations.js';

export interface DatabaseFileOptions {
  /** How long a write waits for another process's write lock (workers sharing the file). */
  busyTimeoutMs?: number;
  /** Test hook: the migrations to apply (default: all of them). */
  migrations?: readonly Migration[];
}

/**
 * Opens (or creates) the database at `path`, or `:memory:`, ready for the store: WAL, durable
 * commits, foreign keys, the schema migrated. Anything that makes the file unusable is a
 * `DatabaseRefused` with a one-line message; nothing is written to a file that is not ours.
 *
 * synchronous=FULL: in WAL mode, NORMAL already survives `kill -9` (the WAL is in the OS's
 * cache), but a power cut or a kernel crash may take the last commits back. Acknowledged means
 * durable, so each commit waits for its fsync; group commit (group-commit.ts) pays for it.
 */
export function openDatabaseFile(path: string, options: DatabaseFileOptions = {}): Database {
  const { busyTimeoutMs = 5_000, migrations = MIGRATIONS } = options;
  let db: Database;
  try {
    db = new BetterSqlite3(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw refusal(path, error);
  }
  try {
    // Checked before anything is set: a file that is not ours is left exactly as it was.
    refuseWhatIsNotOurs(db, path, migrations.length);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw refusal(path, error);
  }
}

/** Reads the header alone (the first read of a file that is not SQLite fails with SQLITE_NOTADB) and writes nothing. */
function refuseWhatIsNotOurs(db: Database, path: string, knownVersion: number): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  if (objects > 0 && applicationId !== APPLICATION_ID) {
    throw new DatabaseRefused(
      'ForeignDatabase',
      path,
      'is an SQLite database of another program (it has tables, and not our application id)',
    );
  }
  refuseNewerVersion(db, knownVersion);
}

/** Our one-line refusal for what SQLite or the file system said; other errors pass through. */
function refusal(path: string, error: unknown): unknown {
  if (error instanceof DatabaseRefused) return error;
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  const message = text.charAt(0).toLowerCase() + text.slice(1);
  if (code === 'SQLITE_NOTADB') return new DatabaseRefused('NotADatabase', path, 'is not an SQLite database');
  if (
    error instanceof TypeError ||
    (typeof code === 'string' && /^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|AUTH)/.test(code))
  ) {
    return new DatabaseRefused('DatabaseUnavailable', path, `cannot be opened: ${message}`);
  }
  return error;
}
