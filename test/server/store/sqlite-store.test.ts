import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';
import type { AccountEvent, Store } from '../../../src/server/store/store.js';
import { storeContract } from './store-contract.js';
import { newAccount } from './store-helpers.js';
import { useStoreFiles } from './store-files.js';

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

describe('SQLite stores sharing a file, told of each other', () => {
  const files = useStoreFiles('elsewhere');

  it("onCommit hands over each of its own commits; committedElsewhere reaches the other's listeners, and only them", async () => {
    const handedOver: AccountEvent[][] = [];
    const a = files.open(files.path, { onCommit: (events) => handedOver.push([...events]) });
    const bHandedOver: AccountEvent[][] = [];
    const b = files.open(files.path, { onCommit: (events) => bHandedOver.push([...events]) });
    const heardOnB: AccountEvent[] = [];
    b.onAccountEvent((event) => heardOnB.push(event));

    await a.ensureAccount(newAccount('CR1', 1_000));
    const [debit] = await Promise.all([
      a.debit({ loginid: 'CR1', amountCents: 100, action: 'withdrawal' }),
      a.debit({ loginid: 'CR1', amountCents: 50, action: 'withdrawal' }),
    ]);
    // One commit each: the opening deposit, then both debits in one group.
    expect(handedOver.map((events) => events.length)).toEqual([1, 2]);
    expect(handedOver[1]![0]).toEqual({ kind: 'ledger-row', row: debit });
    expect(heardOnB).toEqual([]);

    for (const events of handedOver) b.committedElsewhere(events);
    expect(heardOnB).toEqual(handedOver.flat());
    // Not B's commits: nothing to hand on, or they would go round for ever.
    expect(bHandedOver).toEqual([]);
    expect((await b.account('CR1'))?.balanceCents).toBe(850);

    await b.close();
    b.committedElsewhere(handedOver[0]!);
    expect(heardOnB).toHaveLength(3);
  });
});
