import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemBinaryOrSkip, type SystemBinary } from './system-binary.js';

/** Debian's redis-server (`.ci/run` installs it); no test downloads a Redis of its own. */
export const REDIS_SERVER: SystemBinary = {
  name: 'redis-server',
  envVar: 'REDIS_SERVER_PATH',
  paths: ['/usr/bin/redis-server'],
  install: 'apt-get install redis-server',
};

/** Where redis-server is, or undefined when its tests are skipped: `describe.skipIf(REDIS_SERVER_PATH === undefined)`. */
export const REDIS_SERVER_PATH = systemBinaryOrSkip(REDIS_SERVER);

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Where it keeps its files (its AOF, when given `--appendonly yes`). */
  readonly dir: string;
  /** SIGKILL, as a crash: its directory is kept, for `startRedisServer({ restartOf })`. Resolves once it has exited. */
  crash(): Promise<void>;
  /** Stops it (SIGTERM, SIGKILL after 2 s) and removes its directory; resolves once the process has exited. */
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** More redis-server arguments, after the defaults (no persistence), which they override: `--appendonly yes`. */
  args?: readonly string[];
  /** Start again on the port and directory of one that crashed: what it kept on disk, at the URL nodes know. */
  restartOf?: RedisServer;
}

/** Every server this process started and has not stopped: killed if the test process exits first. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A redis-server of its own on a free loopback port, with no persistence (tests own their
 * data) and its own temporary directory; resolves once it answers PING. A port taken between
 * the lookup and the bind is tried again with another.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (REDIS_SERVER_PATH === undefined)
    throw new Error(
      'redis-server is not installed; skip this test with describe.skipIf(REDIS_SERVER_PATH === undefined)',
    );
  const extra = options.args ?? [];
  const { restartOf } = options;
  if (restartOf) return startOn(REDIS_SERVER_PATH, restartOf.port, restartOf.dir, extra);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOn(REDIS_SERVER_PATH, await freePort(), mkdtempSync(join(tmpdir(), 'deriv-ws-redis-')), extra);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOn(binary: string, port: number, dir: string, extra: readonly string[]): Promise<RedisServer> {
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    ...extra,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      untilPong(port),
      exited.then(() => {
        throw new Error(`redis-server exited before answering PING on port ${port}: ${output.trim()}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  const crash = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    running.delete(child);
  };
  return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid!, dir, crash, stop };
}

/** A port the kernel just gave out and took back: free unless someone takes it in between. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** PING until +PONG, every 20 ms for up to 5 s: the server is up once it answers, not once it is spawned. */
async function untilPong(port: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within 5 s`);
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}
