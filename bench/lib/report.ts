import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterRow, FanoutRow } from '../sections/fanout.js';
import type { RedisRows } from '../sections/redis.js';
import { type BenchConfig, settlePairs } from './config.js';
import { barText, meetsBar, ratio, type Figure } from './figures.js';
import { fanoutPlot } from './plot.js';
import type { Summary } from './stats.js';

export interface Report {
  figures: Figure[];
  fanout: FanoutRow[];
  cluster: ClusterRow[];
  /** The redis section's fleet fan-out and command counts, when it ran. */
  redis?: RedisRows | undefined;
  command: string;
  config: BenchConfig;
  machine: { cores: number; cpu: string; node: string; platform: string };
  seconds: number;
  /** When the figures were measured (ISO); set on the first write and kept by `--rerender`. */
  date?: string;
  /** Sections measured after the full run (`--only … --merge`), in place of that run's. */
  measuredLater?: Array<{
    sections: string[];
    command: string;
    date: string;
    seconds: number;
    machine: Report['machine'];
  }>;
}

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

function num(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return Math.round(value).toLocaleString('en');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function cell(summary: Summary | undefined, unit: string): string {
  if (!summary) return '';
  if (summary.median < 0) return 'never settled';
  return `${num(summary.median)} ${unit} <sub>(${num(summary.min)}–${num(summary.max)})</sub>`;
}

function ratioCell(value: number | undefined): string {
  return value === undefined ? '—' : `**${value.toFixed(2)}×**`;
}

function verdict(figure: Figure): string {
  const met = meetsBar(figure);
  return met === undefined ? '' : met ? 'met' : '**missed**';
}

function table(figures: Figure[], withPeer: boolean): string {
  const head = withPeer
    ? '| figure | deriv-ws | floor | ours/floor | @deriv/deriv-api | ours/deriv-api | bar | |\n| --- | --- | --- | --- | --- | --- | --- | --- |'
    : '| figure | deriv-ws | floor | ours/floor | bar | |\n| --- | --- | --- | --- | --- | --- |';
  const rows = figures.map((f) => {
    const floor = f.floor ? `${cell(f.floor, f.unit)}${f.floorName ? ` (${f.floorName})` : ''}` : '';
    const base = `| ${f.name}${f.note ? ` ¹` : ''} | ${cell(f.ours, f.unit)} | ${floor} | ${ratioCell(ratio(f.ours, f.floor))}`;
    const peer = withPeer ? ` | ${cell(f.peer, f.unit)} | ${ratioCell(ratio(f.ours, f.peer))}` : '';
    return `${base}${peer} | ${barText(f.bar, f.unit)} | ${verdict(f)} |`;
  });
  const notes = figures.filter((f) => f.note).map((f) => `¹ ${f.note}`);
  return [head, ...rows, '', ...notes].join('\n');
}

/** How the cost per subscriber changes from one size to the next: flat means linear. */
function growthCurve(rows: FanoutRow[]): string {
  if (rows.length < 2) return 'Too few sizes were measured to describe the growth.';
  const lines = [
    '| subscribers | CPU per tick per subscriber | send loop per subscriber | p99 per subscriber |',
    '| --- | --- | --- | --- |',
  ];
  const perSubscriber = rows.map((row) => ({
    n: row.subscribers,
    cpu: (row.ours.cpu_ms_per_tick!.median * 1_000) / row.subscribers,
    loop: (row.ours.send_loop_ms!.median * 1_000) / row.subscribers,
    p99: (row.ours.p99_ms!.median * 1_000) / row.subscribers,
  }));
  for (const row of perSubscriber)
    lines.push(`| ${row.n.toLocaleString('en')} | ${num(row.cpu)} µs | ${num(row.loop)} µs | ${num(row.p99)} µs |`);
  const steps = perSubscriber
    .slice(1)
    .map((row, i) => ({ from: perSubscriber[i]!.n, to: row.n, change: row.loop / perSubscriber[i]!.loop }));
  const described = steps.map(
    (step) =>
      `from ${step.from.toLocaleString('en')} to ${step.to.toLocaleString('en')} subscribers the send loop's cost per subscriber ${step.change > 1.25 ? `rises ${step.change.toFixed(2)}×` : step.change < 0.8 ? `falls to ${step.change.toFixed(2)}× (fixed costs spread thinner)` : `stays within 25 % (${step.change.toFixed(2)}×)`}`,
  );
  const linear = steps.every((step) => step.change >= 0.8 && step.change <= 1.25);
  const bend = steps.find((step) => step.change > 1.25);
  return `${lines.join('\n')}\n\nPer tick, ${described.join('; ')}. ${
    linear
      ? 'The cost is linear in the number of subscribers over this range: one syscall-bound `send` each.'
      : bend
        ? `The curve bends between ${bend.from.toLocaleString('en')} and ${bend.to.toLocaleString('en')} subscribers, where the cost per subscriber grows: the receiving client and the server compete for the same two cores, and the socket buffers fill.`
        : 'Small counts carry fixed costs (timers, the tick itself) that larger ones spread thinner; past that it is linear.'
  }`;
}

function fanoutTable(rows: FanoutRow[]): string {
  const lines = [
    '| subscribers | deriv-ws p50 / p99 / max | bare broadcast p50 / p99 / max | p99 ratio | server CPU per tick (ours / floor) | send loop (ours / floor) | delivered |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const triple = (r: Record<string, Summary>) =>
      `${num(r.p50_ms!.median)} / ${num(r.p99_ms!.median)} / ${num(r.max_ms!.median)} ms`;
    lines.push(
      `| ${row.subscribers.toLocaleString('en')} | ${triple(row.ours)} | ${triple(row.floor)} | ${ratioCell(ratio(row.ours.p99_ms!, row.floor.p99_ms!))} | ${num(row.ours.cpu_ms_per_tick!.median)} / ${num(row.floor.cpu_ms_per_tick!.median)} ms | ${num(row.ours.send_loop_ms!.median)} / ${num(row.floor.send_loop_ms!.median)} ms | ${num(row.ours.delivered_pct!.median)} % |`,
    );
  }
  return lines.join('\n');
}

function clusterTable(rows: ClusterRow[]): string {
  const lines = [
    '| workers | subscribers | slowest send loop per tick | server CPU per tick | client-observed p50 / p99 |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.workers} | ${row.subscribers.toLocaleString('en')} | ${num(row.result.send_loop_ms!.median)} ms | ${num(row.result.cpu_ms_per_tick!.median)} ms | ${num(row.result.p50_ms!.median)} / ${num(row.result.p99_ms!.median)} ms |`,
    );
  }
  const one = rows.find((row) => row.workers === 1)?.result.send_loop_ms?.median;
  const two = rows.find((row) => row.workers === 2)?.result.send_loop_ms?.median;
  const extrapolation =
    one && two
      ? `\n\nOn paper, for a machine with more cores and the clients elsewhere: each worker's send loop carries 1/W of the sockets, so with the single worker's ${num(one)} ms here, W workers would need about ${num(one / 2)} ms (W = 2), ${num(one / 4)} ms (W = 4) and ${num(one / 8)} ms (W = 8) per tick, and the last subscriber would get its tick that much sooner. Measured here, two workers took ${num(two)} ms for the slowest worker's loop.`
      : '';
  return `${lines.join('\n')}${extrapolation}`;
}

function redisFanoutTable(redis: RedisRows): string {
  const lines = [
    '| nodes | subscribers per node | slowest node: tick sent and written | slowest node: send loop | CPU per tick, both nodes | ticks measured | delivered |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of redis.fanout)
    lines.push(
      `| ${row.nodes} | ${row.subscribersPerNode.toLocaleString('en')} | ${cell(row.result.written_ms, 'ms')} | ${cell(row.result.send_loop_ms, 'ms')} | ${cell(row.result.cpu_ms_per_tick, 'ms')} | ${Math.round(row.result.ticks!.median)} | ${num(row.result.delivered_pct!.median)} % |`,
    );
  return lines.join('\n');
}

/** Calls per buy and per settled contract, by command; Redis's own time beside each. */
function redisCommandsTable(redis: RedisRows): string {
  const { perBuy, perSettled, buys, settled } = redis.commands;
  const names = [...new Set([...Object.keys(perBuy), ...Object.keys(perSettled)])].sort();
  const calls = (value: number | undefined) => (value ? String(Number(value.toFixed(3))) : '0');
  const entry = (counts: typeof perBuy, name: string) =>
    counts[name] ? `${calls(counts[name].calls)} (${num(counts[name].usec)} µs)` : '0';
  const total = (counts: typeof perBuy) => calls(Object.values(counts).reduce((sum, c) => sum + c.calls, 0));
  return [
    `| command | per buy (of ${buys.toLocaleString('en')}) | per settled contract (of ${settled.toLocaleString('en')}) |`,
    '| --- | --- | --- |',
    ...names.map((name) => `| \`${name}\` | ${entry(perBuy, name)} | ${entry(perSettled, name)} |`),
    `| all commands | ${total(perBuy)} | ${total(perSettled)} |`,
  ].join('\n');
}

function redisSection(report: Report, figures: Figure[]): string {
  if (!figures.length || !report.redis) return 'Not measured in this run.';
  return `${table(figures, false)}

${redisFanoutTable(report.redis)}

Redis's own count of its commands (\`CONFIG RESETSTAT\`, then \`INFO commandstats\`), over the buys of hour-long
contracts that none settles meanwhile, then over the settlement of as many 10-tick contracts bought before the
count began; one node, one connection. Calls per contract, and Redis's time for them in brackets. A script's
own commands (\`redis.call\`) are counted under their names as well as under \`evalsha\`, and their time is
inside \`evalsha\`'s; the counter's own \`INFO\` and \`CONFIG\` are left out.

${redisCommandsTable(report.redis)}`;
}

export function writeReport(report: Report, out?: string): void {
  const base = out ?? `${docs}benchmarks`;
  mkdirSync(dirname(base), { recursive: true });
  const plotFile = out ? `${base}-fanout.svg` : `${docs}fanout-latency.svg`;
  if (report.fanout.length) writeFileSync(plotFile, fanoutPlot(report.fanout));
  const by = (section: string) => report.figures.filter((f) => f.section === section);
  const missed = report.figures.filter((f) => meetsBar(f) === false).map((f) => f.name);
  const markdown = `# Benchmarks

Generated by \`${report.command}\` on ${(report.date ?? new Date().toISOString()).slice(0, 10)} in ${Math.round(report.seconds)} s.
Machine: ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, ${report.machine.platform}.
${(report.measuredLater ?? []).map((run) => `Measured later, in place of that run's: ${run.sections.join(', ')}, by \`${run.command}\` on ${run.date.slice(0, 10)} in ${Math.round(run.seconds)} s (Node ${run.machine.node}).\n`).join('')}
Every figure is measured in the same run as its floor, contenders interleaved and each run in fresh
processes: the server, the load and each client apart. Figures are the median of ${report.config.rounds}
runs (${report.config.heavyRounds} for fan-out, idle memory and the cluster), with the range of the runs
below. Absolute numbers on these shared machines move by ±20 % from run to run; the ratio is the figure
that counts. Everything runs on 127.0.0.1.

${missed.length ? `**Bars missed in this run:** ${missed.join('; ')}.` : 'Every bar with a number was met in this run.'} Earlier misses, and what was done about them, are under "Investigations" at the end.

## Client

Contenders: our \`DerivClient\` (defaults, except rate pacing off: the peer has no limits), a raw \`ws\`
client (the floor), and \`@deriv/deriv-api\` 1.0.15 (\`DerivAPIBasic\` given a \`ws\` connection),
against the same bare peer server.

${table(by('client'), true)}

## Server

Our local server (rate limits off: the pipeline is measured, not the limiter) against a bare \`ws\`
server that does the same JSON parse and stringify per reply, loaded by plain \`ws\` clients in another
process.

${table(by('server'), false)}

## Tick fan-out

One symbol, one tick every ${report.config.tickIntervalMs} ms of real time, ${report.config.fanoutTicks} ticks measured after two
warm-up ticks, all subscribers in one load process. Latency runs from the moment the server starts the
tick's send loop to the moment a subscriber's socket receives it. The floor sends one pre-built buffer to
every socket; ours sends each subscriber its own message (its \`echo_req\`, \`req_id\` and subscription
id), spliced around a payload serialised once.

${table(by('fan-out'), false)}

${fanoutTable(report.fanout)}

![fan-out latency](${basename(plotFile)})

### Growth from ${report.fanout[0]?.subscribers.toLocaleString('en') ?? '—'} to ${report.fanout.at(-1)?.subscribers.toLocaleString('en') ?? '—'} subscribers

${growthCurve(report.fanout)}

## Both cores: the cluster

\`deriv-ws serve --workers N\`: \`node:cluster\` with its default round-robin accept; every worker
computes the same market from the seed (when these figures were measured, accounts lived in the primary and were reached over IPC; each worker now opens the store itself). Measured
inside the server at ${report.config.clusterSubscribers.toLocaleString('en')} subscribers. The subscribers' process runs at nice 10 here,
so that when a tick is due the workers have the cores first, as they would with the clients on other
machines; with one worker that changes nothing (one core each), with two it keeps the client from taking
a third share of two cores in the middle of the send loops.

${table(by('cluster'), false)}

${clusterTable(report.cluster)}

Client-observed latency cannot show the gain here: the receiving client needs about as much CPU per tick
as the server, and all of it shares the same two cores, so a second worker mostly competes with the
client (and at nice 10 it reads its ticks after the loops, which is what its p50 shows). The figure
that shows what sharding buys is the slowest worker's send loop.

## Fairness: one busy client, everyone else

One client writes its whole general budget (the real server's 180 a minute; rate limits on) of the
heaviest history at once: 5 000 hourly candles of \`1HZ100V\` each, about 175 000 bridge midpoints and
a 400 KB reply apiece. Another client on the same server pings back to back until the last of them is
answered; the floor is the same ping with nobody busy. History is worked out a step at a time between the
event loop's I/O, in slices of 2 ms and in turns between connections (\`FairScheduler\`), so a ping
waits, as a rule, for one slice and at most one reply's serialisation, not for the batch. The slowest
pings are pauses outside those turns: we saw the server collect garbage for up to 70 ms at a time while
it built the 400 KB replies, and the other processes on the machine take their share of the cores.

${by('fairness').length ? table(by('fairness'), false) : 'Not measured in this run.'}

## The store: durable debits

Each debit checks the balance, takes the amount and writes its ledger row in one transaction, and is
acknowledged only after that transaction has committed (SQLite, WAL, \`synchronous=FULL\`: after its
fsync). The writes requested in one event-loop turn share one transaction (group commit). Beside them,
on the same disk in the same run: a 128-byte write plus fsync at a time (the disk's floor for one durable
write at a time) and the same debit with a commit of its own each time (what the store would do without
group commit). See [store.md](store.md).

${table(by('store'), false)}

## Trading

Our server with rate limits off and demo accounts of its own (\`bench/lib/traders.ts\`), on its default
\`:memory:\` database (the disk's cost of a durable write is the store section's). A buy is \`buy: "1"\` with
its parameters (a 5-tick rise/fall on R_100 for 1 USD), timed on one connection against a ping timed just
before it on the same connection. Proposal fan-out runs as the tick fan-out above (1HZ100V, one tick every
${report.config.tickIntervalMs} ms of real time, one stream per connection), with a streamed higher/lower proposal in
place of the tick stream, each repriced on every tick; the floor is tick streams to as many connections on
the same server, in the same run. Open multipliers run the same way: each connection authorizes as one of the
demo accounts and buys a multiplier on 1HZ100V (stake 1 USD, ×10, no take profit or stop loss, so none closes)
with \`subscribe: 1\`, whose \`proposal_open_contract\` stream then brings its value on every tick; the floor is
as many proposal streams (those of the proposal figure) on a server with the same accounts, in the same run.

${by('trading').length ? table(by('trading'), false) : 'Not measured in this run.'}

## Scale-out on Redis

Nodes of one fleet (\`createServer({ redis: { url, prefix } })\`, rate limits off), each a process of its
own, on a redis-server the run starts as the tests do (127.0.0.1, a free port, no persistence), with a key
prefix of its own for each run. The buy is the trading section's, timed the same way, through a node on Redis
and through a node on an SQLite file of its own (WAL, \`synchronous=FULL\`: each buy waits for its fsync, as
\`serve --db\` does), in the same run. The fan-out figure puts ${(report.config.redisFanoutSubscribers ?? 0).toLocaleString('en')} tick subscribers of 1HZ100V (one tick
every ${report.config.tickIntervalMs} ms of real time) in two load processes of half each (at nice 10, as in the cluster
figure), both on one node of a two-node fleet, or one on each node; each time is the slowest node's per tick.

${redisSection(report, by('redis'))}

${existsSync(`${docs}benchmark-notes.md`) ? readFileSync(`${docs}benchmark-notes.md`, 'utf8') : ''}
## How each figure is made

- **ping RTT**: ${report.config.pings.toLocaleString('en')} sequential \`{"ping":1}\` calls after ${report.config.pingWarmup.toLocaleString('en')} warm-up ones, each timed from the call to its resolved reply.
- **pipelined throughput**: ${report.config.pipelinedCalls.toLocaleString('en')} \`time\` calls with 100 in flight at all times, after a warm-up of ${Math.max(10_000, report.config.pipelinedCalls / 5).toLocaleString('en')} (every contender's JIT settled first).
- **heap per subscription**: that many distinct \`ticks\` subscriptions on one connection, each confirmed by its first tick, each with a consumer attached (one shared data handler), \`heapUsed\` after three forced GCs before and after, divided by the count. Ours includes the handle, the shared-stream record, the request kept for resubscribing, and the latest message kept for late joiners.
- **settling at a cut**: ${report.config.settleCalls.toLocaleString('en')} calls the peer never answers; the peer cuts the connection on the last one; the time from issuing the last call until every call has settled.
- **churn**: subscribe/unsubscribe (client) or subscribe/forget (server, with \`ticks_history\` … \`subscribe: 1\`) pairs after a warm-up of ${report.config.churnWarmup.toLocaleString('en')} pairs (until compiled code and table sizes stop growing: a leak keeps growing, warm-up growth does not), then a full GC and ${settlePairs(report.config.churnWarmup).toLocaleString('en')} more pairs (V8 rebuilds some code after a full GC); heap after GC, before and after.
- **server throughput**: ${report.config.serverCalls.toLocaleString('en')} calls with 100 in flight spread over the connections.
- **memory per idle connection**: a fresh server; RSS and heap after GC before and after the load process opens the connections.
- **fairness**: ${report.config.heavyRequests ?? 180} heavy \`ticks_history\` requests in one write on one connection, and on another sequential \`{"ping":1}\` calls (after 200 warm-up ones) from that write until the last heavy reply, timed from the call to its reply; the floor is ${(report.config.idlePings ?? 5_000).toLocaleString('en')} such pings with nobody busy.

- **store**: each contender in a fresh process on a fresh file in one temporary directory under the working directory (where \`serve\` keeps its database); ${report.config.storeDebits.toLocaleString('en')} debits with 100 callers, each sending its next debit when the last is acknowledged; ${report.config.storeSyncedOps.toLocaleString('en')} operations for the runs that wait for a disk flush each time (the floors, and the store with 1 in flight); a tenth as many first, as warm-up.
- **trading**: buy round trip: ${(report.config.tradingBuys ?? 0).toLocaleString('en')} pairs of a ping then a buy, sequential, on one authorized connection, after ${(report.config.tradingBuyWarmup ?? 0).toLocaleString('en')} warm-up pairs. Settlement: ${(report.config.openContracts ?? 0).toLocaleString('en')} rise/fall contracts on 1HZ100V bought over ${report.config.traders ?? 0} accounts (one connection each, 200 buys in flight), each with the tick count that puts its exit on one chosen tick, after a warm-up of a tenth as many; each is timed from the wall-clock moment the server's market clock reached its exit tick's epoch (the sell row's \`transaction_time\`) to the arrival of its sell row on the account's \`transaction\` stream. Open multipliers: ${(report.config.multiplierCounts ?? []).map((n) => n.toLocaleString('en')).join(', ')} connections, each authorized as one of the ${report.config.traders ?? 0} accounts in turn (200 at a time), each buying one multiplier with \`subscribe: 1\` (MULTUP and MULTDOWN in turn); every buy answered, then the fan-out's two warm-up ticks and ${report.config.fanoutTicks} measured, each message timed by its \`current_spot_time\` from the start of that tick's send loop; ${report.config.multiplierRounds ?? 0} runs of each, interleaved, fresh processes. Heap per open contract: hour-long contracts, \`heapUsed\` after three forced GCs before and after ${(report.config.openContracts ?? 0).toLocaleString('en')} of them were bought (a tenth as many bought first, as warm-up), divided by the count.
- **redis**: buy round trip: ${(report.config.redisBuys ?? 0).toLocaleString('en')} pairs of a ping then a buy, sequential, on one authorized connection, after ${(report.config.redisBuyWarmup ?? 0).toLocaleString('en')} warm-up pairs, each store in fresh processes, ${report.config.redisRounds ?? 0} runs each, interleaved. Fleet fan-out: two warm-up ticks, then ${report.config.redisFanoutTicks ?? 0} ticks measured; a tick counts when every node with subscribers published it in the window; ${report.config.redisRounds ?? 0} runs of each layout. Commands: ${(report.config.redisCommandContracts ?? 0).toLocaleString('en')} buys, one at a time, and as many sales, after ten of each unmeasured.
- **cluster**: the fan-out run above against \`--workers 1\` and \`--workers 2\`; the send loop is the slowest worker's per tick (median over ticks), CPU is summed over the workers.

Raw results: [${basename(base)}.json](${basename(base)}.json).
`;
  writeFileSync(`${base}.md`, markdown);
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ ...report, date: report.date ?? new Date().toISOString() }, null, 2)}\n`,
  );
}
