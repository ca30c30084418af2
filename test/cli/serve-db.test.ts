import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/server/index.js';
import { freshDirectory, runCli, startCli } from '../support/cli.js';
import { RawSocket } from '../support/raw-socket.js';
import { DEMO_LOGINID, LISTENING, serveOn } from '../support/serve-cli.js';

const DEMO = DEMO_LOGINID;

async function balanceOf(url: string, token: string): Promise<number> {
  const raw = await RawSocket.open(url);
  const reply = await raw.request({ authorize: token });
  raw.socket.close();
  return reply.authorize.balance;
}

/** Changes a balance in the file as another process would (SQLite lets several open it). */
async function adjustInFile(file: string, loginid: string, deltaCents: number): Promise<void> {
  const store = new SqliteStore(file);
  await store.adjustBalance(loginid, deltaCents);
  await store.close();
}

describe('deriv-ws serve --db', () => {
  it('keeps deriv-ws.sqlite in the working directory by default: a restart has the same demo token and balance', async () => {
    const cwd = freshDirectory();
    const first = await serveOn([], cwd);
    expect(existsSync(join(cwd, 'deriv-ws.sqlite'))).toBe(true);
    await adjustInFile(join(cwd, 'deriv-ws.sqlite'), DEMO, -25_050);
    expect(await balanceOf(first.url, first.token!)).toBe(9_749.5);
    await first.stop();

    const again = await serveOn([], cwd);
    expect(again.token).toBe(first.token);
    expect(await balanceOf(again.url, again.token!)).toBe(9_749.5);
    await again.stop();
  });

  it(':memory: keeps nothing: each start makes a new demo account and token, and writes no file', async () => {
    const cwd = freshDirectory();
    const first = await serveOn(['--db', ':memory:'], cwd);
    await first.stop();
    const second = await serveOn(['--db', ':memory:'], cwd);
    expect(second.token).not.toBe(first.token);
    expect(await balanceOf(second.url, second.token!)).toBe(10_000);
    await second.stop();
    expect(existsSync(join(cwd, 'deriv-ws.sqlite'))).toBe(false);
  });

  it('--accounts adds what the database lacks and never overwrites a balance it holds', async () => {
    const cwd = freshDirectory();
    const file = join(cwd, 'accounts.json');
    const db = join(cwd, 'data.sqlite');
    const account = (loginid: string, token: string) => ({
      loginid,
      currency: 'USD',
      balance: 5,
      is_virtual: false,
      tokens: [{ token, scopes: ['read'] }],
    });
    writeFileSync(file, JSON.stringify({ accounts: [account('CR100', 'FileToken100aaa')] }));
    const first = await serveOn(['--db', db, '--accounts', file], cwd);
    await first.stop();
    await adjustInFile(db, 'CR100', 200);

    writeFileSync(
      file,
      JSON.stringify({ accounts: [account('CR100', 'FileToken100aaa'), account('CR101', 'FileToken101aaa')] }),
    );
    const second = await serveOn(['--db', db, '--accounts', file], cwd);
    expect(second.token).toBeUndefined();
    expect(await balanceOf(second.url, 'FileToken100aaa')).toBe(7);
    expect(await balanceOf(second.url, 'FileToken101aaa')).toBe(5);
    await second.stop();
  });

  it('--workers 2 serves the same database: the same demo token and balance as one process', async () => {
    const cwd = freshDirectory();
    const single = await serveOn([], cwd);
    await single.stop();
    await adjustInFile(join(cwd, 'deriv-ws.sqlite'), DEMO, 100);
    const cluster = await serveOn(['--workers', '2'], cwd);
    expect(cluster.token).toBe(single.token);
    expect(await balanceOf(cluster.url, cluster.token!)).toBe(10_001);
    await cluster.stop();
  });

  it('a database it cannot use is one line naming --db and exit 2, and the file is left as it was', async () => {
    const cwd = freshDirectory();
    const text = join(cwd, 'notes.txt');
    const notes = 'not a database, but a long enough text to fill a header '.repeat(4);
    writeFileSync(text, notes);
    const newer = join(cwd, 'newer.sqlite');
    const future = new SqliteStore(newer);
    await future.close();
    const raw = new BetterSqlite3(newer);
    raw.pragma('user_version = 99');
    raw.close();

    const cases: Array<[string, RegExp]> = [
      ['/nonexistent/dir/x.sqlite', /^deriv-ws: --db \/nonexistent\/dir\/x\.sqlite cannot be opened: .+\n$/],
      [text, /^deriv-ws: --db \S+notes\.txt is not an SQLite database\n$/],
      [
        newer,
        /^deriv-ws: --db \S+newer\.sqlite holds schema version 99, from a newer deriv-ws \(this one knows versions up to \d+\)\n$/,
      ],
    ];
    for (const [db, message] of cases) {
      for (const workers of ['1', '2']) {
        const { code, stdout, stderr } = await runCli(['serve', '--port', '0', '--db', db, '--workers', workers], {
          cwd,
        });
        expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(message) });
      }
    }
    expect(readFileSync(text, 'utf8')).toBe(notes);
    expect(existsSync(join(cwd, 'deriv-ws.sqlite'))).toBe(false);
  });
});

describe('deriv-ws serve keeps the market seed in the database', () => {
  const SEED_LINE = /^market seed (\d+) /m;

  async function seedOf(args: string[], cwd: string): Promise<string> {
    const cli = startCli(['serve', '--port', '0', ...args], {}, cwd);
    await cli.line(LISTENING, 15_000);
    const deadline = performance.now() + 5_000;
    while (!SEED_LINE.test(cli.stderr()) && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    cli.child.kill('SIGINT');
    await cli.exited;
    return SEED_LINE.exec(cli.stderr())![1]!;
  }

  it('a restart without --seed shows the market of the first start; another seed on that file is one line and exit 2', async () => {
    const cwd = freshDirectory();
    const first = await seedOf([], cwd);
    expect(await seedOf([], cwd)).toBe(first);
    expect(await seedOf(['--seed', first], cwd)).toBe(first);
    expect(await seedOf(['--workers', '2'], cwd)).toBe(first);
    const other = String((Number(first) + 1) % 2 ** 32);
    for (const workers of ['1', '2']) {
      const refused = await runCli(['serve', '--port', '0', '--seed', other, '--workers', workers], { cwd });
      expect(refused).toEqual({
        code: 2,
        stdout: '',
        stderr: `deriv-ws: --db deriv-ws.sqlite keeps the market of seed ${first}: start without --seed, with --seed ${first}, or on another --db\n`,
      });
    }
  });
});
