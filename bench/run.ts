// `npm run bench [-- --quick | --smoke] [--only client,server,fanout,cluster,fairness,store,trading,redis] [--out PREFIX]`: our
// client and server against their floors and the official client, in one run, in separate
// processes. Writes docs/benchmarks.md, docs/benchmarks.json and docs/fanout-latency.svg, or with
// `--out PREFIX` PREFIX.md, PREFIX.json and PREFIX-fanout.svg.
// `--rerender` measures nothing: it rebuilds the report from docs/benchmarks.json (after the
// notes in docs/benchmark-notes.md change, say).
// `--only SECTIONS --merge` measures those sections and puts them into the last full report
// (docs/benchmarks.json) in place of theirs; the report says which were measured later, and when.
import { readFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { commandLine } from './lib/args.js';
import { benchConfig } from './lib/config.js';
import type { Figure } from './lib/figures.js';
import { writeReport, type Report } from './lib/report.js';
import { clientFigures } from './sections/client.js';
import { clusterFigures, fanoutFigures, type ClusterRow, type FanoutRow } from './sections/fanout.js';
import { fairnessFigures } from './sections/fairness.js';
import { type RedisRows, redisFigures } from './sections/redis.js';
import { serverFigures } from './sections/server.js';
import { storeFigures } from './sections/store.js';
import { tradingFigures } from './sections/trading.js';

const USAGE =
  'usage: npm run bench [-- --quick | --smoke] [--only client,server,fanout,cluster,fairness,store,trading,redis] [--out PREFIX] [--rerender] [--merge]';
const SECTIONS = ['client', 'server', 'fanout', 'cluster', 'fairness', 'store', 'trading', 'redis'];
const { values, fail } = commandLine('bench', USAGE, {
  quick: { type: 'boolean', default: false },
  smoke: { type: 'boolean', default: false },
  only: { type: 'string' },
  out: { type: 'string' },
  rerender: { type: 'boolean', default: false },
  merge: { type: 'boolean', default: false },
});
const lastReport = () =>
  JSON.parse(readFileSync(new URL('../docs/benchmarks.json', import.meta.url), 'utf8')) as Report;
if (values.rerender) {
  writeReport(lastReport(), values.out);
  process.exit(0);
}
if (values.merge && !values.only) fail('--merge needs --only: it replaces those sections in the last report');
const mode = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
const config = benchConfig(mode);
const sections = new Set((values.only ?? SECTIONS.join(',')).split(','));
const unknown = [...sections].filter((name) => !SECTIONS.includes(name));
if (unknown.length > 0) fail(`unknown section ${unknown.join(', ')}`);
const started = performance.now();
const log = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

const figures: Figure[] = [];
let fanout: FanoutRow[] = [];
let cluster: ClusterRow[] = [];
let redis: RedisRows | undefined;
if (sections.has('client')) figures.push(...(await clientFigures(config, log)));
if (sections.has('server')) figures.push(...(await serverFigures(config, log)));
if (sections.has('fanout')) {
  const result = await fanoutFigures(config, log);
  figures.push(...result.figures);
  fanout = result.rows;
}
if (sections.has('cluster')) {
  const result = await clusterFigures(config, log);
  figures.push(...result.figures);
  cluster = result.rows;
}
if (sections.has('fairness')) figures.push(...(await fairnessFigures(config, log)));
if (sections.has('store')) figures.push(...(await storeFigures(config, log)));
if (sections.has('trading')) figures.push(...(await tradingFigures(config, log)));
if (sections.has('redis')) {
  const result = await redisFigures(config, log);
  figures.push(...result.figures);
  redis = result.rows;
}

const flags = [
  mode === 'full' ? '' : `--${mode}`,
  values.only ? `--only ${values.only}` : '',
  values.merge ? '--merge' : '',
]
  .filter(Boolean)
  .join(' ');
const command = `npm run bench${flags ? ` -- ${flags}` : ''}`;
const seconds = (performance.now() - started) / 1000;
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${platform()} ${release()}`,
};

// Logged before the report is written, so a run's figures are never lost with it.
for (const figure of figures) {
  const floor = figure.floor ? ` vs ${figure.floor.median.toFixed(2)}` : '';
  log(`${figure.name}: ${figure.ours.median.toFixed(2)}${floor} ${figure.unit}`);
}
writeReport(
  values.merge ? merged(lastReport()) : { figures, fanout, cluster, redis, command, config, machine, seconds },
  values.out,
);

/** The last report with the sections measured now in place of its own. */
function merged(last: Report): Report {
  // The fan-out section's figures are filed as `fan-out`.
  const measured = new Set([...sections].map((name) => (name === 'fanout' ? 'fan-out' : name)));
  return {
    ...last,
    // The last run's settings stand; a section it did not have brings its own.
    config: { ...config, ...last.config },
    figures: [...last.figures.filter((figure) => !measured.has(figure.section)), ...figures],
    fanout: sections.has('fanout') ? fanout : last.fanout,
    cluster: sections.has('cluster') ? cluster : last.cluster,
    redis: sections.has('redis') ? redis : last.redis,
    measuredLater: [
      ...(last.measuredLater ?? []).filter((run) => !run.sections.every((name) => sections.has(name))),
      { sections: [...sections], command, date: new Date().toISOString(), seconds, machine },
    ],
  };
}
