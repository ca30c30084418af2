import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDirectory, runCli } from '../support/cli.js';
import { REDIS_SERVER_PATH, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { serveOn } from '../support/serve-cli.js';

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

  it('refuses --db with it, a URL that is not one, and --workers', async () => {
    for (const [args, line] of [
      [['--redis', 'redis://127.0.0.1:1', '--db', 'x.sqlite'], '--redis and --db cannot be used together'],
      [['--redis', 'localhost:6379'], '--redis must be a URL such as redis://127.0.0.1:6379'],
      [
        ['--redis', 'redis://127.0.0.1:1', '--workers', '2'],
        '--redis and --workers cannot be used together yet: start one node per process instead',
      ],
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
  });
});
