// `npm run load [-- --connections 10000 --seconds 60 --subscribers 1000 --churn 200]`:
// the server holds many connections pinging once a second, tick subscribers and reconnecting
// churn at once, on loopback, bounded in time. Prints a JSON report (and a summary on
// stderr) and exits non-zero when a bar is missed:
//   every connection held, no reply lost, and the server's RSS below 15 KiB per connection
//   plus its baseline. RSS is judged half-way through, after a full GC, with every connection
//   held: that is what the connections cost. The peak RSS between GCs is reported beside it;
//   it also counts garbage V8 has not collected yet (churn leaves plenty), which depends on
//   when V8 chooses to collect rather than on what the server holds.
import { commandLine } from './lib/args.js';
import { runOnce, startServerProcess } from './lib/processes.js';

const { number } = commandLine(
  'load',
  'usage: npm run load [-- --connections N --seconds S --subscribers N --churn N]',
  {
    connections: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    subscribers: { type: 'string', default: '1000' },
    churn: { type: 'string', default: '200' },
  },
);
const connections = number('connections', { integer: true, zero: true });
const seconds = number('seconds');
const subscriberCount = number('subscribers', { integer: true, zero: true });
const churnCount = number('churn', { integer: true, zero: true });
const log = (line: string) => process.stderr.write(`${line}\n`);

function role(name: string, count: number, url: string): Promise<Record<string, number>> {
  if (count === 0) return Promise.resolve({});
  return runOnce(
    'bench/workers/load-roles.ts',
    ['--role', name, '--url', url, '--count', String(count), '--seconds', String(seconds)],
    (seconds + 120) * 1_000,
  );
}

const server = await startServerProcess('ours', ['--limits', 'load']);
let baseline: { rss: number };
let peakRss = 0;
let atPeak: Record<string, number> = {};
let settled: Record<string, number> = {};
let sampler: NodeJS.Timeout | undefined;
let settledSample: NodeJS.Timeout | undefined;
let started: number;
let ping: Record<string, number>, ticks: Record<string, number>, churn: Record<string, number>;
try {
  baseline = await server.request<{ rss: number }>('memory');
  peakRss = baseline.rss;
  sampler = setInterval(() => {
    void server.request<Record<string, number>>('rss').then(
      (m) => {
        if (m.rss! <= peakRss) return;
        peakRss = m.rss!;
        atPeak = m;
      },
      () => {},
    );
  }, 500);
  // Half-way, once with a full GC: what the server really holds, as against what it has not collected yet.
  settledSample = setTimeout(
    () => {
      void server.request<Record<string, number>>('memory').then(
        (m) => (settled = m),
        () => {},
      );
    },
    (seconds * 1_000) / 2,
  );
  log(
    `load: ${connections} pingers, ${subscriberCount} subscribers, ${churnCount} churners for ${seconds} s against ${server.url}`,
  );
  started = performance.now();
  [ping, ticks, churn] = await Promise.all([
    role('pingers', connections, server.url),
    role('subscribers', subscriberCount, server.url),
    role('churners', churnCount, server.url),
  ]);
} finally {
  clearInterval(sampler);
  clearTimeout(settledSample);
  await server.stop();
}

const held = (ping.held ?? 0) + (ticks.held ?? 0);
const expected = connections + subscriberCount;
const rssBudget = baseline.rss + 15 * 1024 * (connections + subscriberCount + churnCount);
const report = {
  connections: {
    expected,
    held,
    heldPct: expected ? (held / expected) * 100 : 100,
    failedToOpen: (ping.failedToOpen ?? 0) + (ticks.failedToOpen ?? 0),
    unexpectedCloses: (ping.unexpectedCloses ?? 0) + (ticks.unexpectedCloses ?? 0),
  },
  pings: {
    sent: ping.sent ?? 0,
    received: ping.received ?? 0,
    lost: ping.lost ?? 0,
    errors: ping.errors ?? 0,
    p50_ms: ping.p50_ms ?? 0,
    p99_ms: ping.p99_ms ?? 0,
    max_ms: ping.max_ms ?? 0,
  },
  ticks: { received: ticks.ticks ?? 0, errors: ticks.errors ?? 0, starvedSubscribers: ticks.starved ?? 0 },
  churn: { cycles: churn.cycles ?? 0, failures: churn.failures ?? 0 },
  server: {
    baselineRssMiB: baseline.rss / 1_048_576,
    peakRssMiB: peakRss / 1_048_576,
    budgetMiB: rssBudget / 1_048_576,
    // What the RSS was made of at its peak: the V8 heap (used and reserved) and buffers outside it.
    atPeakMiB: Object.fromEntries(Object.entries(atPeak).map(([key, value]) => [key, value / 1_048_576])),
    afterGcMidwayMiB: Object.fromEntries(Object.entries(settled).map(([key, value]) => [key, value / 1_048_576])),
  },
  seconds: (performance.now() - started) / 1_000,
};
const failures = [
  report.connections.heldPct < 100 && `held ${report.connections.heldPct.toFixed(2)} % of connections`,
  report.pings.lost > 0 && `${report.pings.lost} ping replies lost`,
  report.pings.errors + report.ticks.errors > 0 && `${report.pings.errors + report.ticks.errors} error replies`,
  report.ticks.starvedSubscribers > 0 && `${report.ticks.starvedSubscribers} subscribers short of ticks`,
  report.churn.failures > 0 && `${report.churn.failures} churn cycles failed`,
  !(settled.rss! <= rssBudget) &&
    `RSS after GC ${((settled.rss ?? 0) / 1_048_576).toFixed(1)} MiB over the ${report.server.budgetMiB.toFixed(1)} MiB budget`,
].filter(Boolean);
process.stdout.write(`${JSON.stringify({ ...report, passed: failures.length === 0, failures })}\n`);
log(
  `held ${held}/${expected}; pings ${report.pings.received}/${report.pings.sent} (p99 ${report.pings.p99_ms.toFixed(1)} ms); ticks ${report.ticks.received}; churn ${report.churn.cycles} cycles; RSS after GC ${((settled.rss ?? 0) / 1_048_576).toFixed(1)} MiB, peak ${report.server.peakRssMiB.toFixed(1)} MiB (budget ${report.server.budgetMiB.toFixed(1)})`,
);
if (failures.length) {
  log(`FAILED: ${failures.join('; ')}`);
  process.exitCode = 1;
}
