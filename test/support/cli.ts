import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching the pattern. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the built CLI as a user would (`node dist/cli/main.js …`), killed when the test ends.
 * It runs in a fresh directory of its own unless given one, so what `serve` keeps there by
 * default (deriv-ws.sqlite) is new for each test and gone after it.
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = freshDirectory()): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, cwd });
  let stdout = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const watch of watchers) watch();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    line: (pattern, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} in: ${stdout}${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          const line = stdout.split('\n').find((candidate) => pattern.test(candidate));
          if (line !== undefined) {
            clearTimeout(timer);
            resolve(line);
          }
        };
        watchers.push(check);
        check();
      }),
  };
}

/** A temporary directory, removed when the test ends. */
export function freshDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'deriv-ws-cli-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** Runs the CLI to completion. */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) {
  const running = startCli(args, options.env, options.cwd);
  if (options.input !== undefined) running.child.stdin.end(options.input);
  const { code } = await running.exited;
  return { code, stdout: running.stdout(), stderr: running.stderr() };
}
