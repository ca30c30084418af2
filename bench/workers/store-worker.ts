// One store measurement in a process of its own, forked with IPC:
// `--scenario fsync|commit-per-op|store --dir DIR --count N [--in-flight N]`.
// Sends `{result}` (or `{error}`) to the parent, then exits. Every scenario writes to a fresh
// file in DIR, so all of them pay the same disk's fsync.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabaseFile } from '../../src/server/store/database-file.js';
import { SqliteStore } from '../../src/server/store/sqlite-store.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    dir: { type: 'string' },
    count: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '1' },
  },
});
const count = Number(values.count);
const inFlight = Number(values['in-flight']);
const file = join(values.dir ?? '.', `${values.scenario}-${process.pid}.sqlite`);
/** Warm-up before the clock starts: a tenth of the run, so the JIT and the file's first pages are settled. */
const warmup = Math.max(10, Math.ceil(count / 10));

const ACCOUNT = {
  loginid: 'CR1',
  currency: 'USD',
  isVirtual: false,
  email: 'bench@example.com',
  fullname: '',
  country: 'aq',
  landingCompanyName: 'svg',
  userId: 1,
};

/** The floor: what the disk gives one durable write at a time (a small write, then fsync, as a commit needs). */
function fsyncLoop(): Record<string, number> {
  const fd = openSync(file, 'w');
  const record = Buffer.alloc(128, 1);
  const once = () => {
    writeSync(fd, record);
    fsyncSync(fd);
  };
  for (let i = 0; i < warmup; i++) once();
  const started = performance.now();
  for (let i = 0; i < count; i++) once();
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  return { ops_per_s: count / seconds };
}

/** The store's debit (balance check and change, ledger row) with a commit of its own each time: what the store would do without group commit. */
function commitPerOp(): Record<string, number> {
  const db = openDatabaseFile(file);
  db.prepare("INSERT INTO accounts VALUES ('CR1', 'USD', 9000000000000, 0, '', '', 'aq', 'svg', 1)").run();
  const take = db.prepare(
    "UPDATE accounts SET balance_cents = balance_cents - 1 WHERE loginid = 'CR1' AND balance_cents >= 1 RETURNING balance_cents",
  );
  const row = db.prepare(
    "INSERT INTO ledger (loginid, action, amount_cents, balance_after_cents, time_ms, description) VALUES ('CR1', 'buy', -1, ?, ?, '')",
  );
  const debit = db.transaction(() => row.run((take.get() as { balance_cents: number }).balance_cents, Date.now()));
  for (let i = 0; i < warmup; i++) debit.immediate();
  const started = performance.now();
  for (let i = 0; i < count; i++) debit.immediate();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { ops_per_s: count / seconds };
}

/** The store itself: `inFlight` callers, each sending its next debit when the last one is acknowledged (committed). */
async function storeDebits(): Promise<Record<string, number>> {
  const store = new SqliteStore(file);
  await store.ensureAccount({ ...ACCOUNT, openingBalanceCents: 9_000_000_000_000 });
  const burst = async (total: number) => {
    let left = total;
    const caller = async () => {
      while (left-- > 0) await store.debit({ loginid: 'CR1', amountCents: 1, action: 'buy' });
    };
    await Promise.all(Array.from({ length: inFlight }, caller));
  };
  await burst(warmup);
  const before = store.stats;
  const started = performance.now();
  await burst(count);
  const seconds = (performance.now() - started) / 1000;
  const after = store.stats;
  await store.close();
  return {
    ops_per_s: count / seconds,
    writes_per_commit: (after.jobs - before.jobs) / (after.commits - before.commits),
  };
}

process.on('disconnect', () => process.exit(1));
try {
  const scenarios: Record<string, () => Record<string, number> | Promise<Record<string, number>>> = {
    fsync: fsyncLoop,
    'commit-per-op': commitPerOp,
    store: storeDebits,
  };
  const scenario = scenarios[values.scenario ?? ''];
  if (!scenario || !values.dir)
    throw new Error(`usage: --scenario ${Object.keys(scenarios).join('|')} --dir DIR --count N [--in-flight N]`);
  const result = await scenario();
  process.send!({ result }, () => process.exit(0));
} catch (error) {
  process.send!({ error: (error as Error).stack ?? String(error) }, () => process.exit(1));
}
