import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { parseNumberOption } from './options.js';
import { DataOutput } from './output.js';
import { openTarget, targetHelp, targetOptions } from './target.js';

export const pingHelp = `Usage: deriv-ws ping [-c COUNT] [-i SECONDS] [-W SECONDS] [target]

Measures the round trip of {"ping":1}, then sums up like ping(8). Runs until Ctrl-C without -c.
  -c, --count N         stop after N pings
  -i, --interval S      seconds between pings (default 1)
  -W, --wait S          seconds to wait for each pong (default 2)
${targetHelp}
Exit status: 0 if any pong came back, 1 if none did or the target is unreachable, 2 on bad input.`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export async function ping(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...targetOptions,
      count: { type: 'string', short: 'c' },
      interval: { type: 'string', short: 'i', default: '1' },
      wait: { type: 'string', short: 'W', default: '2' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const count =
    values.count === undefined ? Infinity : parseNumberOption('--count', values.count, { min: 1, integer: true });
  const intervalMs = parseNumberOption('--interval', values.interval, { min: 0 }) * 1000;
  const waitMs = parseNumberOption('--wait', values.wait, { min: 0.001 }) * 1000;

  const target = await openTarget(values, env, { pingIntervalMs: 0 });
  const out = new DataOutput();
  out.line(`PING ${target.label}`);
  const rtts: number[] = [];
  let sent = 0;
  let stopped = false;
  const stop = () => (stopped = true);
  process.once('SIGINT', stop);
  try {
    while (sent < count && !stopped && !out.isClosed) {
      const seq = ++sent;
      const started = performance.now();
      try {
        await target.client.send({ ping: 1 }, { timeoutMs: waitMs });
        const rtt = performance.now() - started;
        rtts.push(rtt);
        out.line(`pong from ${target.label}: seq=${seq} time=${rtt.toFixed(2)} ms`);
      } catch (error) {
        out.line(`no pong for seq=${seq}: ${(error as Error).message}`);
        if (target.client.state.status === 'closed') break;
      }
      if (sent < count && !stopped) await sleepUnless(intervalMs, () => stopped);
    }
  } finally {
    process.off('SIGINT', stop);
    await target.close();
  }
  const sorted = [...rtts].sort((a, b) => a - b);
  const loss = sent === 0 ? 0 : ((sent - rtts.length) / sent) * 100;
  out.line(`--- ${target.label} ping statistics ---`);
  out.line(`${sent} pings sent, ${rtts.length} pongs received, ${loss.toFixed(loss % 1 ? 1 : 0)}% loss`);
  if (rtts.length) {
    const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    const figures = [sorted[0]!, avg, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]!];
    out.line(`rtt min/avg/p50/p99/max = ${figures.map((v) => v.toFixed(2)).join('/')} ms`);
  }
  return rtts.length > 0 ? 0 : 1;
}

/** Waits, but wakes early (within 50 ms) when `stop` says so: Ctrl-C should not wait a whole interval. */
async function sleepUnless(ms: number, stop: () => boolean): Promise<void> {
  const until = performance.now() + ms;
  while (!stop() && performance.now() < until)
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, until - performance.now())));
}
