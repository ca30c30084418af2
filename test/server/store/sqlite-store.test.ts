import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';
import type { Store } from '../../../src/server/store/store.js';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'deriv-ws-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const paths = new WeakMap<Store, string>();

storeContract('SQLite :memory:', { open: async () => new SqliteStore(':memory:'), propertyRuns: 100 });

storeContract('SQLite file (WAL, synchronous=FULL)', {
  open: async () => {
    const path = join(dir, `contract-${++files}.sqlite`);
    const store = new SqliteStore(path);
    paths.set(store, path);
    return store;
  },
  // A second connection to the same file: what another worker process would have.
  openPeer: async (store) => new SqliteStore(paths.get(store)!),
  propertyRuns: 30,
});
