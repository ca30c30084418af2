import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../support/bare-server.js';
import { runCli, startCli } from '../support/cli.js';
import { handshakeRefusal, RawSocket } from '../support/raw-socket.js';
import { until } from '../support/until.js';

/** The processes `pid` has started (its cluster workers), from Linux's /proc. */
function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

const LISTENING = /^listening on ws:\/\/127\.0\.0\.1:(\d+)\/websockets\/v3\?app_id=1089$/;

describe('deriv-ws serve', () => {
  it('prints the exact URL, serves, and on SIGINT closes sockets with 1001 and exits 0', async () => {
    const cli = startCli(['serve', '--port', '0', '--quiet']);
    const line = await cli.line(LISTENING);
    const url = line.replace('listening on ', '');
    const raw = await RawSocket.open(url);
    expect((await raw.request({ ping: 1 })).ping).toBe('pong');
    cli.child.kill('SIGINT');
    expect(await raw.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('takes the port from PORT, and exits 0 on SIGTERM', async () => {
    const port = await closedPort();
    const cli = startCli(['serve', '--quiet'], { PORT: String(port) });
    expect(await cli.line(LISTENING)).toBe(`listening on ws://127.0.0.1:${port}/websockets/v3?app_id=1089`);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('--port wins over PORT, and --host sets the address', async () => {
    const port = await closedPort();
    const cli = startCli(['serve', '--port', String(port), '--host', '127.0.0.1', '--quiet'], { PORT: '1' });
    expect(await cli.line(LISTENING)).toContain(`:${port}/`);
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });

  it('--workers 2 serves from a cluster and still stops cleanly on SIGINT', async () => {
    const cli = startCli(['serve', '--port', '0', '--workers', '2', '--quiet']);
    const url = (await cli.line(LISTENING)).replace('listening on ', '');
    const sockets = await Promise.all([RawSocket.open(url), RawSocket.open(url)]);
    for (const raw of sockets) expect((await raw.request({ ping: 1 })).ping).toBe('pong');
    cli.child.kill('SIGINT');
    for (const raw of sockets) expect((await raw.closed).code).toBe(1001);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('--workers 2 replaces a worker killed with SIGKILL, and serves on at the same URL', async () => {
    const cli = startCli(['serve', '--port', '0', '--workers', '2', '--quiet']);
    const url = (await cli.line(LISTENING)).replace('listening on ', '');
    const [victim, survivor] = childPids(cli.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await until(() => {
      const pids = childPids(cli.child.pid!);
      return pids.length === 2 && !pids.includes(victim!) && pids.includes(survivor!);
    }, 10_000);
    const sockets = await Promise.all(Array.from({ length: 4 }, () => RawSocket.open(url)));
    for (const raw of sockets) expect((await raw.request({ ping: 1 })).ping).toBe('pong');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('exits 1 with one line saying why once every worker is dead and none may be replaced', async () => {
    const cli = startCli(['serve', '--port', '0', '--workers', '2', '--max-restarts', '0', '--quiet']);
    const url = (await cli.line(LISTENING)).replace('listening on ', '');
    const [first, second] = childPids(cli.child.pid!);
    process.kill(first!, 'SIGKILL');
    await until(() => childPids(cli.child.pid!).length === 1, 5_000);
    // One worker short, it still serves.
    expect((await (await RawSocket.open(url)).request({ ping: 1 })).ping).toBe('pong');
    process.kill(second!, 'SIGKILL');
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toBe(
      'deriv-ws: cannot serve: every worker has died, the last one was killed by SIGKILL, and the restart budget is spent (0 in the last minute)\n',
    );
  }, 30_000);

  it('--allowed-origins lets only the listed pages connect, with one process or several', async () => {
    for (const workers of ['1', '2']) {
      const cli = startCli([
        'serve',
        '--port',
        '0',
        '--workers',
        workers,
        '--allowed-origins',
        'https://app.example.com, http://localhost:3000',
        '--quiet',
      ]);
      const url = (await cli.line(LISTENING)).replace('listening on ', '');
      expect(await handshakeRefusal(url)).toEqual({ status: 403, body: '{"error":"AccessRestricted"}' });
      for (const origin of ['https://app.example.com', 'http://localhost:3000']) {
        expect((await (await RawSocket.open(url, { origin })).request({ ping: 1 })).ping).toBe('pong');
      }
      cli.child.kill('SIGINT');
      expect((await cli.exited).code).toBe(0);
    }
  }, 30_000);

  it('--max-connections-per-ip caps loopback too; a bad value is one line and exit 2', async () => {
    const cli = startCli(['serve', '--port', '0', '--max-connections-per-ip', '1', '--quiet']);
    const url = (await cli.line(LISTENING)).replace('listening on ', '');
    const first = await RawSocket.open(url);
    expect(await handshakeRefusal(url)).toEqual({ status: 429, body: '{"error":"TooManyConnections"}' });
    first.socket.close();
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
    for (const bad of ['-1', '0', 'x', '1.5']) {
      const refused = await runCli(['serve', `--max-connections-per-ip=${bad}`]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(
        `deriv-ws: --max-connections-per-ip must be an integer from 1 to 1000000, not "${bad}"\n`,
      );
    }
  }, 30_000);

  it('applies --idle-timeout', async () => {
    const cli = startCli(['serve', '--port', '0', '--idle-timeout', '0.1', '--quiet']);
    const url = (await cli.line(LISTENING)).replace('listening on ', '');
    const raw = await RawSocket.open(url);
    expect((await raw.closed).code).toBe(1006);
    cli.child.kill('SIGINT');
    await cli.exited;
  });

  it('--seed makes the market reproducible across processes', async () => {
    const history = async (seed: string) => {
      const cli = startCli(['serve', '--port', '0', '--seed', seed, '--quiet']);
      const raw = await RawSocket.open((await cli.line(LISTENING)).replace('listening on ', ''));
      const reply = await raw.request({ ticks_history: 'R_50', end: '1790000000', count: 20 });
      cli.child.kill('SIGINT');
      await cli.exited;
      return reply.history;
    };
    const [a, b, c] = await Promise.all([history('42'), history('42'), history('43')]);
    expect(a.prices).toHaveLength(20);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('logs connections to stderr; stdout carries only the URL and demo token lines', async () => {
    const cli = startCli(['serve', '--port', '0']);
    const url = (await cli.line(LISTENING)).replace('listening on ', '');
    const raw = await RawSocket.open(url);
    await raw.request({ ping: 1 });
    cli.child.kill('SIGINT');
    await cli.exited;
    const lines = cli.stdout().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(LISTENING);
    expect(lines[1]).toMatch(/^demo page on http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = /:(\d+)\//.exec(lines[1]!)![1];
    expect(lines[2]).toBe(`REST: http://127.0.0.1:${port}/trading/v1/options`);
    expect(lines[3]).toMatch(/^demo token [A-Za-z0-9]{15} /);
    expect(cli.stderr()).toMatch(/connection 1 opened from 127\.0\.0\.1 \(app_id 1089\)/);
  });

  it.each([
    [['serve', '--port', 'abc'], /--port must be an integer from 0 to 65535, not "abc"/],
    [['serve', '--port', '70000'], /--port must be/],
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['serve', '--idle-timeout=-1'], /--idle-timeout must be/],
    [['serve', '--speed', '0'], /--speed must be/],
    [['serve', '--allowed-origins', ' , '], /--allowed-origins needs at least one origin/],
    [['serve', '--max-restarts=-1'], /--max-restarts must be/],
    [['nope'], /unknown command "nope"/],
  ])('bad input %j gets one line and a non-zero exit', async (args, message) => {
    const { code, stderr, stdout } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  it('a port in use gets one line and exit 1', async () => {
    const first = startCli(['serve', '--port', '0', '--quiet']);
    const port = LISTENING.exec(await first.line(LISTENING))![1]!;
    const { code, stderr } = await runCli(['serve', '--port', port, '--quiet']);
    expect(code).toBe(1);
    expect(stderr).toBe(`deriv-ws: cannot listen on 127.0.0.1:${port}: the address is already in use\n`);
    first.child.kill('SIGINT');
    await first.exited;
  });
});

describe('deriv-ws serve accounts', () => {
  it('prints the demo token once on stdout, and never writes a token to its log', async () => {
    const cli = startCli(['serve', '--port', '0']);
    const url = (await cli.line(LISTENING)).replace('listening on ', '');
    const token = /^demo token ([A-Za-z0-9]{15}) /.exec(await cli.line(/^demo token /))![1]!;
    const raw = await RawSocket.open(url);
    expect((await raw.request({ authorize: token })).authorize.loginid).toBe('VRTC1000001');
    expect((await raw.request({ authorize: 'BadToken1234567' })).error.code).toBe('InvalidToken');
    await raw.request({ authorize: 'bad token with spaces' });
    cli.child.kill('SIGINT');
    await cli.exited;
    expect(cli.stdout().split(token).length - 1).toBe(1);
    expect(cli.stderr()).toMatch(/connection 1 opened/);
    for (const secret of [token, 'BadToken1234567', 'bad token with spaces'])
      expect(cli.stderr()).not.toContain(secret);
  });

  it('--accounts FILE loads accounts and prints no demo token', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'deriv-ws-')), 'accounts.json');
    writeFileSync(
      file,
      JSON.stringify({
        accounts: [
          {
            loginid: 'CR100',
            currency: 'EUR',
            balance: 5,
            is_virtual: false,
            tokens: [{ token: 'FileToken123456', scopes: ['read'] }],
          },
        ],
      }),
    );
    const cli = startCli(['serve', '--port', '0', '--accounts', file, '--quiet']);
    const url = (await cli.line(LISTENING)).replace('listening on ', '');
    const raw = await RawSocket.open(url);
    expect((await raw.request({ authorize: 'FileToken123456' })).authorize).toMatchObject({
      loginid: 'CR100',
      currency: 'EUR',
      balance: 5,
    });
    cli.child.kill('SIGINT');
    await cli.exited;
    expect(cli.stdout()).not.toMatch(/token/);
  });

  it('a bad --accounts file gets one clear line and a non-zero exit', async () => {
    const missing = await runCli(['serve', '--accounts', '/nonexistent/accounts.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('deriv-ws: cannot read --accounts /nonexistent/accounts.json: ENOENT\n');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'deriv-ws-')), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ accounts: [{ loginid: 'CR1', currency: 'USD', balance: -1, is_virtual: false, tokens: [] }] }),
    );
    const invalid = await runCli(['serve', '--accounts', file]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe('deriv-ws: accounts file: /accounts/0/balance must be >= 0\n');
  });
});
