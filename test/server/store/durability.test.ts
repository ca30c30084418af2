import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';
import { ROOT } from '../../support/run.js';
import { allRows, expectConsistentChain, newAccount } from './store-helpers.js';

const CHILD = 'test/server/store/ack-burst-child.ts';
/** The child's writes in flight (see ack-burst-child.ts): at most one batch of them can be committed but not yet printed. */
const IN_FLIGHT = 64;

/**
 * Runs the child on the file, kills it with SIGKILL `killAfterMs` after its first acknowledgement,
 * and returns every row it printed. The kill is timed from the burst's start rather than on an
 * output line, so it lands anywhere in a write, not only just after a batch was printed.
 */
async function burstThenKill(path: string, killAfterMs: number): Promise<Map<number, number>> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  clearTimeout(timer);
  expect({ code, signal, err }).toEqual({ code: null, signal: 'SIGKILL', err: '' });
  const acknowledged = new Map<number, number>();
  // Only whole lines: each is one write(2) of a few bytes, so a line is either all there or not at all.
  for (const line of out.split('\n').slice(0, -1)) {
    const [id, amount] = line.split(' ').map(Number) as [number, number];
    acknowledged.set(id, amount);
  }
  return acknowledged;
}

describe('durability: what the store acknowledged survives kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deriv-ws-durability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('after each kill mid-burst, every acknowledged row is there, the ledger adds up, and nothing else was written but the last batch', async () => {
    const path = join(dir, 'burst.sqlite');
    const setup = new SqliteStore(path);
    await setup.ensureAccount(newAccount('CR1', 100_000_000));
    await setup.close();
    let rowsBefore = 1;

    // Restarts on the same file, killed at different points of their bursts.
    for (const killAfterMs of [15, 40, 90, 200]) {
      const acknowledged = await burstThenKill(path, killAfterMs);
      expect(acknowledged.size).toBeGreaterThan(0);

      const store = new SqliteStore(path);
      try {
        const rows = await allRows(store, 'CR1');
        const byId = new Map(rows.map((row) => [row.transactionId, row.amountCents]));
        for (const [id, amount] of acknowledged) expect(byId.get(id), `acknowledged row ${id}`).toBe(amount);
        expectConsistentChain(rows, (await store.account('CR1'))!.balanceCents);

        // What this run committed but had not printed yet can only be the tail of its last batch.
        const newRows = rows.slice(rowsBefore);
        const lastAcknowledged = Math.max(...acknowledged.keys());
        const unacknowledged = newRows.filter((row) => !acknowledged.has(row.transactionId));
        for (const row of unacknowledged) expect(row.transactionId).toBeGreaterThan(lastAcknowledged);
        expect(unacknowledged.length).toBeLessThanOrEqual(IN_FLIGHT);
        rowsBefore = rows.length;
      } finally {
        await store.close();
      }
    }
  }, 60_000);
});
