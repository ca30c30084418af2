import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a bench entry file (TypeScript, through tsx) in its own Node process. */
function spawnEntry(entry: string, args: string[], nodeFlags: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts a server process and waits for the URL it prints. */
export function startServerProcess(kind: string, args: string[] = [], nodeFlags: string[] = []): Promise<RunningServer> {
  const child = spawnEntry('bench/servers/serve.ts', ['--kind', kind, ...args], nodeFlags);
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`server ${kind} exited with ${code} before listening`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^url (\S+)$/m.exec(out);
      if (!match) return;
      child.removeAllListeners('exit');
      resolve({
        url: match[1]!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Runs a worker to completion and returns the JSON it prints last. Bounded by timeoutMs. */
export function runWorker<T>(entry: string, args: string[], timeoutMs: number, nodeFlags: string[] = []): Promise<T> {
  const child = spawnEntry(entry, args, nodeFlags);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${entry} ${args.join(' ')} failed (${signal ?? code})`));
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${entry} printed no JSON result: ${out}`));
      }
    });
  });
}
