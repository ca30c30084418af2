import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A bench process with an IPC channel: it answers `{id, type, ...args}` with `{id, body}`. */
export interface Controlled {
  readonly child: ChildProcess;
  request<T>(type: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Forks a TypeScript entry (through tsx) with GC exposed, and waits for its first message. */
async function forkControlled<Ready>(entry: string, args: string[]): Promise<{ controlled: Controlled; ready: Ready }> {
  const child = fork(entry, args, { cwd: root, execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const waiting = new Map<number, (body: unknown) => void>();
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready`)));
    child.once('message', (message) => resolve(message as Ready));
  });
  child.removeAllListeners('exit');
  child.on('message', (message: { id?: number; body?: unknown }) => {
    if (typeof message.id !== 'number') return;
    waiting.get(message.id)?.(message.body);
    waiting.delete(message.id);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const controlled: Controlled = {
    child,
    request: <T>(type: string, extra: Record<string, unknown> = {}, timeoutMs = 120_000) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`${entry}: no answer to ${type} in ${timeoutMs} ms`)), timeoutMs);
        waiting.set(id, (body) => {
          clearTimeout(timer);
          resolve(body as T);
        });
        child.send({ id, type, ...extra });
      }),
    stop: async () => {
      if (child.exitCode === null && child.connected) {
        await controlled.request('stop', {}, 10_000).catch(() => child.kill('SIGKILL'));
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return { controlled, ready };
}

export interface ServerProcess extends Controlled {
  url: string;
}

export async function startServerProcess(kind: string, args: string[] = []): Promise<ServerProcess> {
  const { controlled, ready } = await forkControlled<{ url: string }>('bench/servers/serve.ts', ['--kind', kind, ...args]);
  return Object.assign(controlled, { url: ready.url });
}

/** A load generator: connections and subscribers in a process of their own, driven over IPC. */
export async function startLoadProcess(url: string, options: { nice?: number } = {}): Promise<Controlled> {
  const { controlled } = await forkControlled<unknown>('bench/workers/load-worker.ts', ['--url', url]);
  if (options.nice !== undefined && controlled.child.pid !== undefined) setPriority(controlled.child.pid, options.nice);
  return controlled;
}

/** Runs a client scenario in a fresh process and returns its result; bounded by `timeoutMs`. */
export function runClientScenario<T>(args: string[], timeoutMs: number): Promise<T> {
  const child = fork('bench/workers/client-worker.ts', args, { cwd: root, execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let outcome: { result?: T; error?: string } | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('message', (message) => (outcome = message as { result?: T; error?: string }));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (outcome?.result !== undefined) resolve(outcome.result);
      else reject(new Error(`client scenario ${args.join(' ')} failed: ${outcome?.error ?? signal ?? code}`));
    });
  });
}
