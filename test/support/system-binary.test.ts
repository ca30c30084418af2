import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findSystemBinary, systemBinaryOrSkip, type SystemBinary } from './system-binary.js';

// The lookup behind "skip the browser tests on a machine without Chromium, fail them in CI",
// on real files in a temporary folder.

function scratchFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'system-binary-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function file(dir: string, name: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

/** Shaped as test/support/chromium.ts's, which is not imported: it looks Chromium up as it loads. */
function binaryAt(paths: string[]): SystemBinary {
  return { name: 'Chromium', envVar: 'CHROME_PATH', paths, install: 'apt-get install chromium' };
}

function skipLine(binary: SystemBinary, env: NodeJS.ProcessEnv): { path: string | undefined; lines: string[] } {
  const lines: string[] = [];
  const path = systemBinaryOrSkip(binary, env, (line) => lines.push(line));
  return { path, lines };
}

describe('findSystemBinary', () => {
  it('takes the environment variable first, then the usual paths in order', () => {
    const dir = scratchFolder();
    const fromEnv = file(dir, 'my-chromium', 0o755);
    const first = file(dir, 'chromium', 0o755);
    const second = file(dir, 'chromium-browser', 0o755);
    expect(findSystemBinary(binaryAt([first, second]), { CHROME_PATH: fromEnv })).toEqual({
      found: true,
      path: fromEnv,
    });
    expect(findSystemBinary(binaryAt([first, second]), {})).toEqual({ found: true, path: first });
    expect(findSystemBinary(binaryAt([join(dir, 'absent'), second]), { CHROME_PATH: '' })).toEqual({
      found: true,
      path: second,
    });
  });

  it('passes over a file that is not executable, a folder, and a path that does not exist', () => {
    const dir = scratchFolder();
    const notExecutable = file(dir, 'chromium', 0o644);
    const folder = join(dir, 'chromium-browser');
    mkdirSync(folder);
    const last = file(dir, 'chrome', 0o755);
    expect(findSystemBinary(binaryAt([notExecutable, folder, join(dir, 'absent'), last]), {})).toEqual({
      found: true,
      path: last,
    });
  });
});

describe('systemBinaryOrSkip', () => {
  it('with nothing found and CI unset, skips with one line naming where it looked and how to install it', () => {
    const dir = scratchFolder();
    const binary = binaryAt([join(dir, 'chromium'), join(dir, 'chromium-browser')]);
    expect(skipLine(binary, {})).toEqual({
      path: undefined,
      lines: [
        `Skipping the tests that need Chromium: Chromium not found (looked at CHROME_PATH (unset), ${dir}/chromium, ${dir}/chromium-browser); install it with \`apt-get install chromium\``,
      ],
    });
    expect(skipLine(binary, { CHROME_PATH: '/opt/none', CI: 'false' }).lines).toEqual([
      `Skipping the tests that need Chromium: Chromium not found (looked at CHROME_PATH=/opt/none, ${dir}/chromium, ${dir}/chromium-browser); install it with \`apt-get install chromium\``,
    ]);
    expect(skipLine(binary, { CI: '0' }).path).toBeUndefined();
  });

  it('with nothing found under CI, throws, so the tests fail rather than pass by skipping', () => {
    const dir = scratchFolder();
    const binary = binaryAt([join(dir, 'chromium')]);
    for (const CI of ['true', '1', 'yes']) {
      expect(() => skipLine(binary, { CI })).toThrow(
        `Chromium not found (looked at CHROME_PATH (unset), ${dir}/chromium); install it with \`apt-get install chromium\`; CI is set, so the tests that need it fail rather than skip`,
      );
    }
  });

  it('with the binary found, returns its path and says nothing, in CI or not', () => {
    const dir = scratchFolder();
    const path = file(dir, 'chromium', 0o755);
    expect(skipLine(binaryAt([path]), {})).toEqual({ path, lines: [] });
    expect(skipLine(binaryAt([path]), { CI: 'true' })).toEqual({ path, lines: [] });
  });
});
