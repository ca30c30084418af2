import { spawn } from 'node:child_process';
import { onTestFinished } from 'vitest';
import { CLI, freshDirectory } from './cli.js';
import { systemBinaryOrSkip, type SystemBinary } from './system-binary.js';
import { until } from './until.js';

/** util-linux `script`, which runs a command on a pseudo-terminal: Debian's bsdutils, always installed there. */
export const SCRIPT: SystemBinary = {
  name: 'script (util-linux)',
  envVar: 'SCRIPT_PATH',
  paths: ['/usr/bin/script', '/bin/script'],
  install: 'apt-get install bsdutils',
};

/** Where `script` is, or undefined when the terminal tests are skipped (its flags are util-linux's: Linux only). */
export const SCRIPT_PATH = process.platform === 'linux' ? systemBinaryOrSkip(SCRIPT) : undefined;

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

export interface TerminalCli {
  /** Everything the terminal showed so far, escape sequences and all (`\r\n` line ends). */
  output(): string;
  /** Types into the terminal, as a person would. */
  type(text: string): void;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * Runs the built CLI on a pseudo-terminal (stdin, stdout and stderr all TTYs), as a person
 * at a terminal would, killed when the test ends.
 */
export function startInTerminal(args: string[]): TerminalCli {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const child = spawn(SCRIPT_PATH!, ['-qfec', command, '/dev/null'], {
    cwd: freshDirectory(),
    env: { ...process.env, TERM: 'xterm' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    output: () => output,
    type: (text) => child.stdin.write(text),
    waitFor: (pattern, timeoutMs = 5_000) =>
      until(() => pattern.test(output), timeoutMs).catch(() => {
        throw new Error(`the terminal never showed ${pattern}; it showed: ${JSON.stringify(output)}`);
      }),
    exited,
  };
}

/** What the terminal shows, roughly: escape sequences out, CR LF as LF. */
export function plainText(output: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences are what is removed.
  return output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');
}
