import { describe, expect, it } from 'vitest';
import { runToEnd } from './support/run.js';

describe('load test (scaled down)', () => {
  it('500 connections pinging for 5 s, with subscribers and churn: every connection held, nothing lost', async () => {
    const { code, stdout } = await runToEnd(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/load.ts',
        '--connections',
        '500',
        '--seconds',
        '5',
        '--subscribers',
        '50',
        '--churn',
        '20',
      ],
      90_000,
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    // At this scale the RSS budget is within the heap's own breathing: only the full run
    // (npm run load) judges memory. Nothing may be lost at any scale.
    expect(report.failures.filter((failure: string) => !failure.startsWith('RSS'))).toEqual([]);
    expect(report.connections).toMatchObject({ expected: 550, held: 550, failedToOpen: 0, unexpectedCloses: 0 });
    expect(report.pings.lost).toBe(0);
    expect(report.pings.errors).toBe(0);
    expect(report.pings.sent).toBeGreaterThanOrEqual(500 * 4);
    expect(report.ticks.received).toBeGreaterThan(0);
    expect(report.ticks.starvedSubscribers).toBe(0);
    expect(report.churn.cycles).toBeGreaterThan(20);
    expect(report.churn.failures).toBe(0);
    expect(code === 0 || report.failures.every((failure: string) => failure.startsWith('RSS'))).toBe(true);
  }, 120_000);
});
