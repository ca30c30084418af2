// Run by durability.test.ts: acknowledges writes on the store at argv[2] as fast as it can,
// IN_FLIGHT at a time, and prints each acknowledged row as "<transactionId> <amountCents>".
// It never stops by itself: the test kills it with SIGKILL in the middle of the burst.
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';

const IN_FLIGHT = 64;
const store = new SqliteStore(process.argv[2]);
let next = 0;

async function keepWriting(): Promise<void> {
  for (;;) {
    const i = next++;
    // Mostly debits, with a credit under a fresh key now and then: both kinds of write must survive.
    const row =
      i % 4 === 3
        ? (await store.creditOnce({ loginid: 'CR1', amountCents: 3, action: 'sell', key: `burst:${process.pid}:${i}` }))
            .row
        : await store.debit({ loginid: 'CR1', amountCents: 1 + (i % 5), action: 'buy' });
    // A write to a pipe is synchronous on Linux: once this returns, the line is the parent's.
    process.stdout.write(`${row.transactionId} ${row.amountCents}\n`);
  }
}

for (let i = 0; i < IN_FLIGHT; i++) {
  keepWriting().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
