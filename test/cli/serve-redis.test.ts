import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDirectory, runCli } from '../support/cli.js';
import { REDIS_SERVER_PATH, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { RawSocket } from '../support/raw-socket.js';
import { DEMO_LOGINID, serveOn } from '../support/serve-cli.js';

const LISTENING_URL = /^ws:\/\/127\.0\.0\.1:\d+\/websockets\/v3\?app_id=\d+/;

describe('deriv-ws serve --redis', () => {
  it('an unreachable Redis: one line, exit 2, and no SQLite file made', async () => {
    const cwd = freshDirectory();
    const { code, stdout, stderr } = await runCli(['serve', '--port', '0', '--redis', 'redis://127.0.0.1:1'], { cwd });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('deriv-ws: --redis redis://127.0.0.1:1 cannot be reached: connect ECONNREFUSED 127.0.0.1:1\n');
    expect(existsSync(join(cwd, 'deriv-ws.sqlite'))).toBe(false);
  });

  it('prints a URL without its password', async () => {
    const { code, stderr } = await runCli(['serve', '--port', '0', '--redis', 'redis://:hunter2@127.0.0.1:1']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'deriv-ws: --redis redis://:***@127.0.0.1:1 cannot be reached: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });

  it('an unreachable Redis with --workers: the same line, and exit 2', async () => {
    const { code, stdout, stderr } = await runCli([
      'serve',
      '--port',
      '0',
      '--redis',
      'redis://127.0.0.1:1',
      '--workers',
      '2',
    ]);
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deriv-ws: --redis redis://127.0.0.1:1 cannot be reached: connect ECONNREFUSED 127.0.0.1:1\n',
    });
  });

  it('refuses --db with it, and a URL that is not one', async () => {
    for (const [args, line] of [
      [['--redis', 'redis://127.0.0.1:1', '--db', 'x.sqlite'], '--redis and --db cannot be used together'],
      [['--redis', 'localhost:6379'], '--redis must be a URL such as redis://127.0.0.1:6379'],
    ] as const) {
      const { code, stderr } = await runCli(['serve', '--port', '0', ...args]);
      expect({ code, stderr }).toEqual({ code: 2, stderr: `deriv-ws: ${line}\n` });
    }
  });

  describe.skipIf(REDIS_SERVER_PATH === undefined)('on a real redis-server', () => {
    let redis: RedisServer | undefined;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(() => redis?.stop());

    it('two serve processes on one Redis print the same demo token, and keep no SQLite file', async () => {
      const cwd = freshDirectory();
      const a = await serveOn(['--redis', redis!.url], cwd);
      const b = await serveOn(['--redis', redis!.url], cwd);
      expect(b.token).toBe(a.token);
      expect(b.url).not.toBe(a.url);
      expect(existsSync(join(cwd, 'deriv-ws.sqlite'))).toBe(false);
      await Promise.all([a.stop(), b.stop()]);
    });

    it("--workers 2 on it: prints the URL and the fleet's demo token, answers ping and authorize on each connection, and keeps no SQLite file", async () => {
      const cwd = freshDirectory();
      const single = await serveOn(['--redis', redis!.url], cwd);
      const workers = await serveOn(['--redis', redis!.url, '--workers', '2'], cwd);
      expect(workers.url).toMatch(LISTENING_URL);
      expect(workers.token).toBe(single.token);
      // Round-robin accept: two connections opened one after the other on an idle server land on both workers.
      for (let i = 0; i < 2; i++) {
        const raw = await RawSocket.open(workers.url);
        expect((await raw.request({ ping: 1 })).ping).toBe('pong');
        expect((await raw.request({ authorize: workers.token })).authorize.loginid).toBe(DEMO_LOGINID);
      }
      expect(existsSync(join(cwd, 'deriv-ws.sqlite'))).toBe(false);
      await Promise.all([single.stop(), workers.stop()]);
    });
  });
});
