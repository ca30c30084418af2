import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDIS_SERVER_PATH } from './support/redis-server.js';
import { runToEnd } from './support/run.js';

/** The redis section's figures, measured when redis-server is installed (it is skipped otherwise). */
const REDIS_FIGURES = [
  /^Redis: buy round trip p50/,
  /^Redis: buy round trip p99/,
  /^Redis against SQLite: buy round trip p50/,
  /^SQLite file: buy round trip p99/,
  /^Redis fleet: a tick sent and written by the slowest node, 2 × [\d,]+ subscribers$/,
  /^Redis fleet: send loop per tick of the slowest node, 2 × [\d,]+ subscribers$/,
  /^Redis fleet: CPU per tick, both nodes, [\d,]+ subscribers$/,
];

describe('benchmark suite (smoke)', () => {
  it('runs end to end and produces every figure; timings are not judged here', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'deriv-ws-bench-')), 'benchmarks');
    const { code } = await runToEnd(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out],
      180_000,
    );
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    const names: string[] = report.figures.map((figure: { name: string }) => figure.name);
    for (const expected of [
      /^client ping RTT p50$/,
      /^client ping RTT p99$/,
      /^client pipelined throughput/,
      /^client heap per subscription/,
      /^time to settle .* pending calls at a cut$/,
      /^client heap growth after/,
      /^server ping throughput, 1 connection$/,
      /^server time throughput, 10 connections$/,
      /^server ping RTT p50$/,
      /^server RSS per idle connection/,
      /^server heap growth after/,
      /^tick fan-out p99/,
      /^send loop per tick of the slowest worker/,
      /^server CPU per tick per 1 000 subscribers$/,
      /^a client's ping p99 while another sends \d+ heavy candle requests at once$/,
      /^store: acknowledged durable debits with a ledger row, 100 in flight$/,
      /^store: acknowledged durable debits with a ledger row, 1 in flight$/,
      /^SQLite: a commit per debit/,
      /^buy round trip p50/,
      /^buy round trip p99/,
      /^proposal fan-out p50, [\d,]+ streams$/,
      /^proposal fan-out p99, [\d,]+ streams$/,
      /^open multipliers revalued per tick p50, [\d,]+ streams$/,
      /^open multipliers revalued per tick p99, [\d,]+ streams$/,
      /^server CPU per tick, [\d,]+ open multipliers streamed$/,
      /^settlement lag p99, [\d,]+ contracts on one exit tick, \d+ ms ticks \([\d.]+× clock\)$/,
      /^settlement commit lag p99, [\d,]+ contracts on one exit tick, \d+ ms ticks \([\d.]+× clock\)$/,
      /^settlement lag p99, [\d,]+ contracts on one exit tick, 1HZ100V's own 1 s ticks$/,
      /^settlement commit lag p99, [\d,]+ contracts on one exit tick, 1HZ100V's own 1 s ticks$/,
      /^server heap per open contract/,
      ...(REDIS_SERVER_PATH === undefined ? [] : REDIS_FIGURES),
    ]) {
      expect(
        names.some((name) => expected.test(name)),
        String(expected),
      ).toBe(true);
    }
    for (const figure of report.figures) expect(Number.isFinite(figure.ours.median), figure.name).toBe(true);
    expect(report.fanout.length).toBeGreaterThan(0);
    expect(report.cluster).toHaveLength(2);
    const markdown = readFileSync(`${out}.md`, 'utf8');
    expect(markdown).toContain('| client ping RTT p50 |');
    expect(markdown).toContain('## Both cores: the cluster');
    expect(markdown).toContain('## Fairness: one busy client, everyone else');
    expect(markdown).toContain('| store: acknowledged durable debits with a ledger row, 1 in flight |');
    expect(markdown).toContain('## Trading');
    if (REDIS_SERVER_PATH !== undefined) {
      expect(report.redis.fanout.map((row: { nodes: number }) => row.nodes)).toEqual([1, 2]);
      // A buy and a sale through Redis are each one script (EVALSHA) at least.
      expect(report.redis.commands.perBuy.evalsha.calls).toBeGreaterThanOrEqual(1);
      expect(report.redis.commands.perSettled.evalsha.calls).toBeGreaterThanOrEqual(1);
      expect(markdown).toContain('## Scale-out on Redis');
      expect(markdown).toContain('| `evalsha` |');
    }
    expect(existsSync(`${out}-fanout.svg`)).toBe(true);
    expect(readFileSync(`${out}-fanout.svg`, 'utf8')).toMatch(/^<svg /);
  }, 210_000);
});
