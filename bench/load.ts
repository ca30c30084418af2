// `npm run load [-- --connections 10000 --seconds 60 --subscribers 1000 --churn 200]`:
// the server holds many connections pinging once a second, tick subscribers and reconnecting
// churn at once, on loopback, bounded in time. Prints a JSON report (and a summary on
// stderr) and exits non-zero when a bar is missed:
//   every connection held, no reply lost, server RSS below 15 KiB per connection + baseline.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServerProcess } from './lib/processes.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    subscribers: { type: 'string', default: '1000' },
    churn: { type: 'string', default: '200' },
  },
});
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const subscriberCount = Number(values.subscribers);
const churnCount = Number(values.churn);
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

function role(name: string, count: number, url: string): Promise<Record<string, number>> {
  if (count === 0) return Promise.resolve({});
  const child = fork('bench/workers/load-roles.ts', ['--role', name, '--url', url, '--count', String(count), '--seconds', String(seconds)], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 120) * 1_000);
    child.once('message', (message: { result: Record<string, number> }) => resolve(message.result));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${name} exited with ${code}`));
    });
  });
}

const server = await startServerProcess('ours', ['--limits', 'load']);
const baseline = await server.request<{ rss: number }>('memory');
let peakRss = baseline.rss;
const sampler = setInterval(() => {
  void server.request<{ rss: number }>('rss').then((m) => (peakRss = Math.max(peakRss, m.rss)), () => {});
}, 500);
log(`load: ${connections} pingers, ${subscriberCount} subscribers, ${churnCount} churners for ${seconds} s against ${server.url}`);
const started = performance.now();
const [ping, ticks, churn] = await Promise.all([role('pingers', connections, server.url), role('subscribers', subscriberCount, server.url), role('churners', churnCount, server.url)]);
clearInterval(sampler);
await server.stop();

const held = (ping.held ?? 0) + (ticks.held ?? 0);
const expected = connections + subscriberCount;
const rssBudget = baseline.rss + 15 * 1024 * (connections + subscriberCount + churnCount);
const report = {
  connections: { expected, held, heldPct: expected ? (held / expected) * 100 : 100, failedToOpen: (ping.failedToOpen ?? 0) + (ticks.failedToOpen ?? 0), unexpectedCloses: (ping.unexpectedCloses ?? 0) + (ticks.unexpectedCloses ?? 0) },
  pings: { sent: ping.sent ?? 0, received: ping.received ?? 0, lost: ping.lost ?? 0, errors: ping.errors ?? 0, p50_ms: ping.p50_ms ?? 0, p99_ms: ping.p99_ms ?? 0, max_ms: ping.max_ms ?? 0 },
  ticks: { received: ticks.ticks ?? 0, errors: ticks.errors ?? 0, starvedSubscribers: ticks.starved ?? 0 },
  churn: { cycles: churn.cycles ?? 0, failures: churn.failures ?? 0 },
  server: { baselineRssMiB: baseline.rss / 1_048_576, peakRssMiB: peakRss / 1_048_576, budgetMiB: rssBudget / 1_048_576 },
  seconds: (performance.now() - started) / 1_000,
};
const failures = [
  report.connections.heldPct < 100 && `held ${report.connections.heldPct.toFixed(2)} % of connections`,
  report.pings.lost > 0 && `${report.pings.lost} ping replies lost`,
  report.pings.errors + report.ticks.errors > 0 && `${report.pings.errors + report.ticks.errors} error replies`,
  report.ticks.starvedSubscribers > 0 && `${report.ticks.starvedSubscribers} subscribers short of ticks`,
  report.churn.failures > 0 && `${report.churn.failures} churn cycles failed`,
  peakRss > rssBudget && `peak RSS ${report.server.peakRssMiB.toFixed(1)} MiB over the ${report.server.budgetMiB.toFixed(1)} MiB budget`,
].filter(Boolean);
process.stdout.write(`${JSON.stringify({ ...report, passed: failures.length === 0, failures })}\n`);
log(
  `held ${held}/${expected}; pings ${report.pings.received}/${report.pings.sent} (p99 ${report.pings.p99_ms.toFixed(1)} ms); ticks ${report.ticks.received}; churn ${report.churn.cycles} cycles; peak RSS ${report.server.peakRssMiB.toFixed(1)} MiB (budget ${report.server.budgetMiB.toFixed(1)})`,
);
if (failures.length) {
  log(`FAILED: ${failures.join('; ')}`);
  process.exitCode = 1;
}
