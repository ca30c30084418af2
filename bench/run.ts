// `npm run bench [-- --quick]`: every contender against the same server, interleaved in one
// run, so that the ratios hold even on a noisy machine. Writes docs/benchmarks.md and
// docs/benchmarks.json.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startServerProcess, runWorker } from './lib/processes.js';
import { writeReport, type Figure } from './lib/report.js';
import { summarise, type Summary } from './lib/stats.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, smoke: { type: 'boolean', default: false }, out: { type: 'string' } } });
const mode = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
const rounds = { smoke: 1, quick: 3, full: 5 }[mode];
const pings = { smoke: 200, quick: 5_000, full: 10_000 }[mode];
const warmup = { smoke: 50, quick: 2_000, full: 2_000 }[mode];
const subscriptions = { smoke: 100, quick: 1_000, full: 1_000 }[mode];

interface Measurement {
  serverKind: string;
  scenario: string;
  contenders: string[];
  metrics: string[];
  args: string[];
  nodeFlags?: string[];
}

/** Runs one scenario for every contender, `rounds` times, interleaved, each run in a fresh process. */
async function measure({ serverKind, scenario, contenders, metrics, args, nodeFlags = [] }: Measurement): Promise<Record<string, Record<string, Summary>>> {
  const server = await startServerProcess(serverKind);
  const runs: Record<string, Record<string, number[]>> = {};
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternate who goes first, so neither side always meets a warmer machine.
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      for (const name of order) {
        const result = await runWorker<Record<string, number>>(
          'bench/workers/client-worker.ts',
          ['--contender', name, '--scenario', scenario, '--url', server.url, ...args],
          120_000,
          nodeFlags,
        );
        for (const metric of metrics) ((runs[name] ??= {})[metric] ??= []).push(result[metric]!);
      }
    }
  } finally {
    await server.stop();
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, byMetric]) => [name, Object.fromEntries(Object.entries(byMetric).map(([metric, v]) => [metric, summarise(v)]))]),
  );
}

const figures: Figure[] = [];

const ping = await measure({
  serverKind: 'ours',
  scenario: 'ping-rtt',
  contenders: ['raw-ws', 'deriv-ws'],
  metrics: ['p50_us', 'p99_us'],
  args: ['--count', String(pings), '--warmup', String(warmup)],
});
figures.push(
  { name: 'client ping RTT p50', unit: 'µs', ours: ping['deriv-ws']!.p50_us!, floor: ping['raw-ws']!.p50_us!, floorName: 'raw ws client', bar: { max: 1.1 } },
  { name: 'client ping RTT p99', unit: 'µs', ours: ping['deriv-ws']!.p99_us!, floor: ping['raw-ws']!.p99_us!, floorName: 'raw ws client', bar: { max: 1.25 } },
);

const memory = await measure({
  serverKind: 'echo-streams',
  scenario: 'subscription-memory',
  contenders: ['raw-ws', 'deriv-ws'],
  metrics: ['bytes_per_subscription'],
  args: ['--count', String(subscriptions)],
  nodeFlags: ['--expose-gc'],
});
figures.push({
  name: `client heap per subscription (${subscriptions})`,
  unit: 'B',
  ours: memory['deriv-ws']!.bytes_per_subscription!,
  floor: memory['raw-ws']!.bytes_per_subscription!,
  floorName: 'raw ws: the reply kept, nothing else',
  bar: { absoluteMax: 2048 },
});

const command = `npm run bench${mode === 'full' ? '' : ` -- --${mode}`}`;
await writeReport({ figures, command, rounds, pings, subscriptions, machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version } }, values.out);
for (const figure of figures) {
  console.log(`${figure.name}: ${figure.ours.median.toFixed(1)} vs ${figure.floor.median.toFixed(1)} ${figure.unit} = ${(figure.ours.median / figure.floor.median).toFixed(2)}×`);
}
