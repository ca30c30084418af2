import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CALLS } from '../src/protocol/calls.js';
import { ROOT as root, runToEnd } from './support/run.js';

const run = (file: string, timeoutMs: number) => runToEnd(process.execPath, [file], timeoutMs);

describe('packaging', () => {
  it('after close(), a process using client and server exits by itself', async () => {
    const result = await run('test/fixtures/exit-after-close.mjs', 5_000);
    expect(result.stderr).toBe('');
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('pong\n');
  });

  it('close() while reconnecting stops every timer, and the process exits by itself', async () => {
    const started = performance.now();
    const result = await run('test/fixtures/close-while-reconnecting.mjs', 5_000);
    expect(result.stderr).toBe('');
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('closed ConnectionLost true\n');
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it('the browser client has no node: imports and bundles for the browser', async () => {
    // The two Node entries (v3's and deriv-ws/options') bring ws; nothing else may.
    const nodeEntries = ['node.js', 'options-node.js'];
    const files = readdirSync(`${root}/dist/client`).filter(
      (name) => name.endsWith('.js') && !nodeEntries.includes(name),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files)
      expect(readFileSync(`${root}/dist/client/${file}`, 'utf8'), file).not.toMatch(/from ['"](node:|ws['"])/);
    for (const entry of ['index.ts', 'options-index.ts']) {
      const result = await build({
        entryPoints: [`${root}/src/client/${entry}`],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      expect(result.errors).toEqual([]);
      expect(result.outputFiles[0]!.text).not.toContain('require("ws")');
    }
  });

  it('the browser build squeezes the call table padding and reads the same table from it', async () => {
    const bundled = readFileSync(`${root}/dist/browser/deriv-ws.js`, 'utf8');
    expect(bundled).not.toMatch(/account_list {2,}1/);
    const fromBundle = (await import(`${root}/dist/browser/deriv-ws.js`)) as { CALLS: typeof CALLS };
    expect([...fromBundle.CALLS.entries()]).toEqual([...CALLS.entries()]);
  });

  // Issue 17's bar: at most 20 % above the 44 KB minified / 13 KB gzipped the bundle was before
  // the trading API (gzip -9, 1 KB = 1 000 B), and 200 B more for issue 19's Contract.update() and
  // cancel() (they cost 100 B gzipped; the room left is for accumulators' fields). A size is
  // exact, so it is checked here, not benched.
  // The new API's client is a bundle of its own (deriv-ws-options.js), so this bar is v3's alone.
  // 100 B more gzipped in issue 20: the seams the new API's client shares with v3 (105 B) and the
  // fix that makes unsubscribe() before a stream's first reply wait until it is forgotten (41 B).
  it('the browser build stays within 20 % of its size before trading, plus 300 B for multipliers and issue 20', () => {
    const bundled = readFileSync(`${root}/dist/browser/deriv-ws.js`);
    expect(bundled.length).toBeLessThanOrEqual(52_800);
    expect(gzipSync(bundled, { level: 9 }).length).toBeLessThanOrEqual(15_900);
  });

  it('ships type declarations for every entry point', () => {
    const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
    for (const entry of ['.', './options', './server']) {
      const types = pkg.exports[entry].types as string;
      expect(readFileSync(`${root}/${types}`, 'utf8').length, entry).toBeGreaterThan(0);
    }
  });

  it('the published Subscription type shows only what users call: no delivery or ending hooks', () => {
    const declarations = readFileSync(`${root}/dist/client/subscription.d.ts`, 'utf8');
    for (const member of ['unsubscribe()', 'get latest()', 'get serverIds()', '[Symbol.asyncIterator]()'])
      expect(declarations).toContain(member);
    for (const member of ['deliver(', 'reportGap(', 'rewritePassthrough(', ' end(', 'constructor('])
      expect(declarations).not.toContain(member);
  });
});
