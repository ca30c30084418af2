// `npm run bench [-- --quick]`: every contender against the same server, interleaved in one
// run, so that the ratios hold even on a noisy machine. Writes docs/benchmarks.md and
// docs/benchmarks.json.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startServerProcess, runWorker } from './lib/processes.js';
import { writeReport, type Figure } from './lib/report.js';
import { summarise, type Summary } from './lib/stats.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, smoke: { type: 'boolean', default: false }, out: { type: 'string' } } });
const rounds = values.smoke ? 1 : values.quick ? 3 : 5;
const count = values.smoke ? 200 : values.quick ? 5_000 : 10_000;
const warmup = values.smoke ? 50 : 2_000;

async function measureClients(serverKind: string, scenario: string, names: string[], metrics: string[]): Promise<Record<string, Record<string, Summary>>> {
  const server = await startServerProcess(serverKind);
  const runs: Record<string, Record<string, number[]>> = {};
  try {
    for (let round = 0; round < rounds; round++) {
      // Interleave contenders within each round, and alternate who goes first.
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const result = await runWorker<Record<string, number>>(
          'bench/workers/client-worker.ts',
          ['--contender', name, '--scenario', scenario, '--url', server.url, '--count', String(count), '--warmup', String(warmup)],
          120_000,
        );
        for (const metric of metrics) ((runs[name] ??= {})[metric] ??= []).push(result[metric]!);
      }
    }
  } finally {
    await server.stop();
  }
  const summaries: Record<string, Record<string, Summary>> = {};
  for (const [name, byMetric] of Object.entries(runs)) {
    summaries[name] = Object.fromEntries(Object.entries(byMetric).map(([metric, values]) => [metric, summarise(values)]));
  }
  return summaries;
}

const figures: Figure[] = [];

const ping = await measureClients('ours', 'ping-rtt', ['raw-ws', 'deriv-ws'], ['p50_us', 'p99_us']);
figures.push(
  { name: 'client ping RTT p50', unit: 'µs', ours: ping['deriv-ws']!.p50_us!, floor: ping['raw-ws']!.p50_us!, floorName: 'raw ws client', bar: { max: 1.1 }, lowerIsBetter: true },
  { name: 'client ping RTT p99', unit: 'µs', ours: ping['deriv-ws']!.p99_us!, floor: ping['raw-ws']!.p99_us!, floorName: 'raw ws client', bar: { max: 1.25 }, lowerIsBetter: true },
);

const command = `npm run bench${values.quick ? ' -- --quick' : values.smoke ? ' -- --smoke' : ''}`;
await writeReport({ figures, command, rounds, count, machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version } }, values.out);
for (const figure of figures) {
  const ratio = figure.ours.median / figure.floor.median;
  console.log(`${figure.name}: ${figure.ours.median.toFixed(1)} vs ${figure.floor.median.toFixed(1)} ${figure.unit} = ${ratio.toFixed(2)}×`);
}
