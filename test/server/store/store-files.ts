import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { SqliteStore, type SqliteStoreOptions } from '../../../src/server/store/sqlite-store.js';

/**
 * For a describe block: a fresh temporary directory per test, with a database path in it, and
 * every store opened through `open` closed (then the directory removed) after the test.
 */
export function useStoreFiles(prefix: string) {
  let dir = '';
  const opened: SqliteStore[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `deriv-ws-${prefix}-`));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });
  const pathOf = () => join(dir, 'store.sqlite');
  return {
    /** This test's directory. */
    get dir() {
      return dir;
    },
    /** The test's database file (created by the first store opened on it). */
    get path() {
      return pathOf();
    },
    open(path = pathOf(), options: SqliteStoreOptions = {}): SqliteStore {
      const store = new SqliteStore(path, options);
      opened.push(store);
      return store;
    },
  };
}
