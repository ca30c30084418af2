import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether an SQLite path names a database only the process that opens it can see: `:memory:`,
 * or `''` (SQLite's private temporary file). A cluster's workers each open the database
 * themselves, so on one of these each would have accounts of its own.
 */
export function isProcessPrivate(db: string): boolean {
  return db === ':memory:' || db === '';
}

/** The SQLite file a cluster's primary and workers share, and how to tidy it away. */
export interface ClusterDatabase {
  readonly path: string;
  /** Removes the file if the cluster made it (a temporary one); a file that was given is kept. */
  remove(): void;
}

/**
 * The cluster's database: the file given, or, given none, a fresh file in a temporary folder
 * removed on close, which keeps nothing, as `createServer`'s default `:memory:` does.
 * `:memory:` itself cannot be shared by processes, and is refused with a `TypeError`.
 */
export function clusterDatabase(db: string | undefined): ClusterDatabase {
  if (db !== undefined && isProcessPrivate(db))
    throw new TypeError(
      `db ${JSON.stringify(db)} cannot be shared by a cluster's workers, each would have a database of its own: give a file, or redis (without db, a temporary file)`,
    );
  if (db !== undefined) return { path: db, remove: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'deriv-ws-cluster-'));
  return { path: join(dir, 'cluster.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
