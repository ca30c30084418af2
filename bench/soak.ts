// `npm run soak -- --minutes N`: a steady, moderate load (pingers, tick subscribers, churn) for
// N minutes, sampling the server's heap after GC; reports the heap's growth per hour from a
// least-squares line through the samples taken after a warm-up (a third of the run, at least
// a minute). A leak shows as a steady climb; the bar is flat (at most 1 MiB per hour).
import { commandLine } from './lib/args.js';
import { runOnce, startServerProcess } from './lib/processes.js';

const { number } = commandLine('soak', 'usage: npm run soak [-- --minutes M --connections N]', {
  minutes: { type: 'string', default: '10' },
  connections: { type: 'string', default: '200' },
});
const minutes = number('minutes');
const connections = number('connections', { integer: true });
const seconds = Math.max(10, Math.round(minutes * 60));
const log = (line: string) => process.stderr.write(`${line}\n`);

function role(name: string, count: number, url: string): Promise<Record<string, number>> {
  return runOnce(
    'bench/workers/load-roles.ts',
    ['--role', name, '--url', url, '--count', String(count), '--seconds', String(seconds)],
    (seconds + 120) * 1_000,
  );
}

const server = await startServerProcess('ours', ['--limits', 'load']);
const samples: { at: number; heap: number }[] = [];
const started = performance.now();
// Compiled code and tables grow for the first few minutes (see docs/benchmark-notes.md); judge the rest.
const warmupMs = Math.max(60_000, (seconds * 1_000) / 3);
const interval = setInterval(
  () => {
    void server.request<{ heapUsed: number }>('memory').then(
      (memory) => {
        const at = performance.now() - started;
        if (at >= warmupMs) samples.push({ at, heap: memory.heapUsed });
      },
      // One sample fewer: the fit judges the rest, and says how many it had.
      (error: Error) => log(`soak: a heap sample failed: ${error.message}`),
    );
  },
  Math.min(15_000, (seconds * 1_000) / 20),
);
let ping: Record<string, number>, ticks: Record<string, number>, churn: Record<string, number>;
try {
  log(`soak: ${minutes} min against ${server.url}`);
  [ping, ticks, churn] = await Promise.all([
    role('pingers', connections, server.url),
    role('subscribers', Math.ceil(connections / 10), server.url),
    role('churners', Math.ceil(connections / 20), server.url),
  ]);
} finally {
  clearInterval(interval);
  await server.stop();
}

// Least squares: heap = a + b·t; b in bytes per ms.
const n = samples.length;
const meanT = samples.reduce((sum, s) => sum + s.at, 0) / Math.max(1, n);
const meanH = samples.reduce((sum, s) => sum + s.heap, 0) / Math.max(1, n);
const slope =
  samples.reduce((sum, s) => sum + (s.at - meanT) * (s.heap - meanH), 0) /
  Math.max(
    1e-9,
    samples.reduce((sum, s) => sum + (s.at - meanT) ** 2, 0),
  );
const growthPerHourMiB = (slope * 3_600_000) / 1_048_576;
const report = {
  minutes,
  samples: n,
  heapMiB: { first: (samples[0]?.heap ?? 0) / 1_048_576, last: (samples.at(-1)?.heap ?? 0) / 1_048_576 },
  growthPerHourMiB,
  pings: { sent: ping.sent, lost: ping.lost },
  ticks: ticks.ticks,
  churnCycles: churn.cycles,
  flat: n >= 3 && Math.abs(growthPerHourMiB) <= 1,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
log(
  `heap ${report.heapMiB.first.toFixed(2)} → ${report.heapMiB.last.toFixed(2)} MiB over ${n} samples: ${growthPerHourMiB.toFixed(2)} MiB per hour (${report.flat ? 'flat' : 'NOT flat'})`,
);
if (!report.flat) process.exitCode = 1;
