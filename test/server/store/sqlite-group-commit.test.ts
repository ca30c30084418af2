import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../../src/server/store/store.js';
import { useStoreFiles } from './store-files.js';
import { allRows, expectConsistentChain, newAccount, refusal } from './store-helpers.js';

/** What another process reading the file sees: only committed transactions (WAL isolation). */
function committedRows(path: string): number {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    return (raw.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

describe('the SQLite store: group commit and durability of what it acknowledges', () => {
  const files = useStoreFiles('group');
  const open = (options = {}) => files.open(files.path, options);

  it('the writes requested in one turn are one transaction; each turn is its own', async () => {
    const store = open();
    await store.ensureAccount(newAccount('CR1', 10_000));
    const before = store.stats;
    await Promise.all(Array.from({ length: 50 }, () => store.debit({ loginid: 'CR1', amountCents: 1, action: 'buy' })));
    expect(store.stats).toEqual({ commits: before.commits + 1, jobs: before.jobs + 50 });
    for (let turn = 0; turn < 3; turn++)
      await Promise.all([
        store.debit({ loginid: 'CR1', amountCents: 1, action: 'buy' }),
        store.adjustBalance('CR1', 2),
      ]);
    expect(store.stats).toEqual({ commits: before.commits + 4, jobs: before.jobs + 56 });
  });

  it('a write resolves only once its transaction has committed: another connection already sees every row of the batch', async () => {
    const store = open();
    await store.ensureAccount(newAccount('CR1', 10_000));
    const writes = Array.from({ length: 20 }, () => store.debit({ loginid: 'CR1', amountCents: 5, action: 'buy' }));
    await writes[0];
    expect(committedRows(files.path)).toBe(21);
    await Promise.all(writes);
  });

  it('an event is emitted after the commit: another connection reading in the listener sees the row', async () => {
    const store = open();
    await store.ensureAccount(newAccount('CR1', 100));
    const seen: number[] = [];
    store.onAccountEvent(() => seen.push(committedRows(files.path)));
    await Promise.all([
      store.debit({ loginid: 'CR1', amountCents: 5, action: 'buy' }),
      store.debit({ loginid: 'CR1', amountCents: 5, action: 'buy' }),
    ]);
    expect(seen).toEqual([3, 3]);
  });

  it('a commit that fails rejects every write of its batch as StoreUnavailable and announces nothing; the store carries on', async () => {
    const store = open({ busyTimeoutMs: 0 });
    await store.ensureAccount(newAccount('CR1', 100));
    const events: AccountEvent[] = [];
    store.onAccountEvent((event) => events.push(event));
    const locker = new BetterSqlite3(files.path);
    locker.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    const batch = [
      store.debit({ loginid: 'CR1', amountCents: 5, action: 'buy' }),
      store.creditOnce({ loginid: 'CR1', amountCents: 5, action: 'sell', key: 'k' }),
    ];
    for (const write of batch) {
      const error = await refusal(write);
      expect(error.code).toBe('StoreUnavailable');
      expect(error.message).toBe('the store could not commit: database is locked');
    }
    locker.exec('ROLLBACK');
    locker.close();
    expect(events).toEqual([]);
    expect((await store.account('CR1'))?.balanceCents).toBe(100);
    expect((await store.creditOnce({ loginid: 'CR1', amountCents: 5, action: 'sell', key: 'k' })).applied).toBe(true);
  });

  it('a write SQLite refuses fails alone: the rest of its batch commits', async () => {
    const store = open();
    await store.ensureAccount(newAccount('CR1', 100));
    const [before, overflow, after] = await Promise.allSettled([
      store.debit({ loginid: 'CR1', amountCents: 10, action: 'buy' }),
      store.creditOnce({ loginid: 'CR1', amountCents: Number.MAX_SAFE_INTEGER, action: 'sell', key: 'big' }),
      store.debit({ loginid: 'CR1', amountCents: 10, action: 'buy' }),
    ]);
    expect(before.status).toBe('fulfilled');
    expect(after.status).toBe('fulfilled');
    expect((overflow as PromiseRejectedResult).reason).toMatchObject({
      code: 'InvalidAmount',
      message: `the balance after a credit must be at most ${Number.MAX_SAFE_INTEGER} cents, not 90 + ${Number.MAX_SAFE_INTEGER}`,
    });
    expectConsistentChain(await allRows(store, 'CR1'), 80);
  });

  it('the file is in WAL mode, and a new store on it finds every account, token, balance, row and fact', async () => {
    const store = open();
    await store.ensureAccount(newAccount('CR1', 1_000));
    await store.addToken('aTokenForCr1xx', { loginid: 'CR1', scopes: ['read'] });
    await store.debit({ loginid: 'CR1', amountCents: 250, action: 'buy', contractId: 3 });
    await store.setOnce('market-seed', '42');
    const rows = await allRows(store, 'CR1');
    await store.close();
    const raw = new BetterSqlite3(files.path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const again = open();
    expect((await again.account('CR1'))?.balanceCents).toBe(750);
    expect(await again.grantFor('aTokenForCr1xx')).toEqual({ loginid: 'CR1', scopes: ['read'] });
    expect(await allRows(again, 'CR1')).toEqual(rows);
    expect(await again.meta('market-seed')).toBe('42');
  });

  it(':memory: stores share nothing', async () => {
    const one = files.open(':memory:');
    const two = files.open(':memory:');
    await one.ensureAccount(newAccount('CR1', 5));
    expect(await two.account('CR1')).toBeUndefined();
  });
});
