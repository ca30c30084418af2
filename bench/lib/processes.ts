import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Every bench child: a TypeScript entry run through tsx, GC exposed, output shared, an IPC channel.
 * `BENCH_PROFILE=DIR` writes each child's CPU profile there (Node refuses --cpu-prof in NODE_OPTIONS).
 */
const FORK_OPTIONS: ForkOptions = {
  cwd: root,
  execArgv: [
    '--import',
    'tsx',
    '--expose-gc',
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
  ],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
};

/** A bench process with an IPC channel: it answers `{id, type, ...args}` with `{id, body}` or `{id, error}`. */
export interface Controlled {
  readonly child: ChildProcess;
  request<T>(type: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Forks an entry and waits for its first message. */
async function forkControlled<Ready>(entry: string, args: string[]): Promise<{ controlled: Controlled; ready: Ready }> {
  const child = fork(entry, args, FORK_OPTIONS);
  let nextId = 1;
  const waiting = new Map<number, { resolve(body: unknown): void; reject(error: Error): void }>();
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready`)));
    child.once('message', (message) => resolve(message as Ready));
  });
  child.removeAllListeners('exit');
  child.on('message', (message: { id?: number; body?: unknown; error?: string }) => {
    if (typeof message.id !== 'number') return;
    const request = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) request?.reject(new Error(`${entry}: ${message.error}`));
    else request?.resolve(message.body);
  });
  // A dead child answers nothing: fail what waits now rather than at each request's timeout.
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const request of waiting.values())
        request.reject(new Error(`${entry} exited (${signal ?? code}) before it answered`));
      waiting.clear();
      resolve();
    }),
  );
  const controlled: Controlled = {
    child,
    request: <T>(type: string, extra: Record<string, unknown> = {}, timeoutMs = 120_000) =>
      new Promise<T>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${entry} is gone; no answer to ${type}`));
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${entry}: no answer to ${type} in ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (body) => {
            clearTimeout(timer);
            resolve(body as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
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
  const { controlled, ready } = await forkControlled<{ url: string }>('bench/servers/serve.ts', [
    '--kind',
    kind,
    ...args,
  ]);
  return Object.assign(controlled, { url: ready.url });
}

/** A load generator: connections and subscribers in a process of their own, driven over IPC. */
export async function startLoadProcess(url: string, options: { nice?: number } = {}): Promise<Controlled> {
  const { controlled } = await forkControlled<unknown>('bench/workers/load-worker.ts', ['--url', url]);
  if (options.nice !== undefined && controlled.child.pid !== undefined) setPriority(controlled.child.pid, options.nice);
  return controlled;
}

/** Starts a server and a load process against it, runs `work`, and stops both. */
export async function withServer<T>(
  kind: string,
  args: string[],
  work: (server: ServerProcess, load: Controlled) => Promise<T>,
): Promise<T> {
  const server = await startServerProcess(kind, args);
  let load: Controlled | undefined;
  try {
    load = await startLoadProcess(server.url);
    return await work(server, load);
  } finally {
    await load?.stop();
    await server.stop();
  }
}

/**
 * Runs `entry` once in a fresh process: its first message, `{result}` or `{error}`, is the
 * outcome, known once it has exited. Killed after `timeoutMs`.
 */
export function runOnce<T>(entry: string, args: string[], timeoutMs: number): Promise<T> {
  const child = fork(entry, args, FORK_OPTIONS);
  return new Promise((resolve, reject) => {
    let outcome: { result?: T; error?: string } | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('message', (message) => (outcome = message as { result?: T; error?: string }));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (outcome?.result !== undefined) resolve(outcome.result);
      else reject(new Error(`${entry} ${args.join(' ')} failed: ${outcome?.error ?? signal ?? code}`));
    });
  });
}

/** Runs a client scenario in a fresh process and returns its result; bounded by `timeoutMs`. */
export function runClientScenario<T>(args: string[], timeoutMs: number): Promise<T> {
  return runOnce('bench/workers/client-worker.ts', args, timeoutMs);
}
