import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from '../lib/config.js';
import type { Figure } from '../lib/figures.js';
import { interleave } from '../lib/measure.js';
import { runOnce } from '../lib/processes.js';

const CONTENDERS = ['fsync', 'commit-per-op', 'store-1', 'store-100'] as const;
/** The working directory: where `serve` keeps `deriv-ws.sqlite` by default, so the disk the server would pay for. */
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Store figures: acknowledged, durable debits (each with its ledger row) per second on one
 * process, beside what the same disk gives one fsync at a time and one SQLite commit per debit,
 * each in a fresh process on a fresh file in the same directory.
 */
export async function storeFigures(config: BenchConfig, log: (line: string) => void): Promise<Figure[]> {
  const dir = mkdtempSync(join(root, '.bench-store-'));
  const section = 'store';
  try {
    log('store: fsync floor, a commit per debit, and the store with 1 and 100 debits in flight');
    const results = await interleave(CONTENDERS, config.rounds, (contender) => {
      const [scenario, inFlight] = contender.startsWith('store-')
        ? ['store', contender.slice('store-'.length)]
        : [contender, '1'];
      // The per-op loops are bound by the disk (a few hundred a second here): fewer of them.
      const count = scenario === 'store' && inFlight !== '1' ? config.storeDebits : config.storeSyncedOps;
      return runOnce<Record<string, number>>(
        'bench/workers/store-worker.ts',
        ['--scenario', scenario, '--dir', dir, '--count', String(count), '--in-flight', inFlight],
        300_000,
      );
    });
    const fsync = results.fsync!.ops_per_s!;
    const commitPerOp = results['commit-per-op']!.ops_per_s!;
    const batching = results['store-100']!.writes_per_commit!.median;
    return [
      {
        section,
        name: 'store: acknowledged durable debits with a ledger row, 100 in flight',
        unit: 'debits/s',
        ours: results['store-100']!.ops_per_s!,
        floor: fsync,
        floorName: 'write + fsync per op, same disk',
        bar: { absoluteMin: 2_000 },
        note: `Group commit: ${batching.toFixed(1)} debits per transaction (one fsync each), median of the runs.`,
      },
      {
        section,
        name: 'store: acknowledged durable debits with a ledger row, 1 in flight',
        unit: 'debits/s',
        ours: results['store-1']!.ops_per_s!,
        floor: commitPerOp,
        floorName: 'SQLite commit per debit',
      },
      {
        section,
        name: 'SQLite: a commit per debit (WAL, synchronous=FULL)',
        unit: 'debits/s',
        ours: commitPerOp,
        floor: fsync,
        floorName: 'write + fsync per op, same disk',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
