import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('benchmark suite (smoke)', () => {
  it('runs end to end and produces every figure; timings are not judged here', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'deriv-ws-bench-')), 'benchmarks');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], { cwd: root, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    const names = report.figures.map((figure: { name: string }) => figure.name);
    expect(names).toEqual(expect.arrayContaining(['client ping RTT p50', 'client ping RTT p99']));
    for (const figure of report.figures) {
      expect(figure.ours.median, figure.name).toBeGreaterThan(0);
      expect(figure.floor.median, figure.name).toBeGreaterThan(0);
    }
    expect(readFileSync(`${out}.md`, 'utf8')).toContain('| client ping RTT p50 |');
  }, 90_000);
});
