import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../src/server/index.js';
import { runToEnd } from './support/run.js';
import { startServer } from './support/servers.js';

// The example programs in examples/, run as their README says (tsx), so they cannot rot:
// against the embedded server they start themselves, and against a server named by DERIV_URL.
// (examples/local-server.test.ts runs with the suite on its own.)

const TSX = ['--import', 'tsx'];
/** The examples' own settings, cleared so a developer's DERIV_URL or DERIV_TOKEN never reaches these runs. */
const NO_TARGET = { DERIV_URL: undefined, DERIV_TOKEN: undefined };
/** The new API example's settings, cleared alike. */
const NO_REST = { DERIV_REST_URL: undefined, DERIV_APP_ID: undefined };

function runExample(file: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return runToEnd(process.execPath, [...TSX, `examples/${file}`, ...args], 20_000, { ...NO_TARGET, ...env });
}

describe('examples/', () => {
  it('ticks.ts prints COUNT ticks of the symbol from the server in DERIV_URL, then exits', async () => {
    const server = await startServer({ clock: acceleratedClock(20) });
    const result = await runExample('ticks.ts', ['1HZ100V', '3'], { DERIV_URL: server.url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^\d{10} \d+(\.\d+)?$/);
  });

  it('ticks.ts names an unknown symbol with the server’s error and exits 1', async () => {
    const result = await runExample('ticks.ts', ['NOPE', '3']);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'InvalidSymbol: Symbol NOPE invalid.\n',
      timedOut: false,
    });
  });

  it('balance.ts authorizes with the embedded server’s demo account and prints its balance', async () => {
    const result = await runExample('balance.ts');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^VRTC\d+ \(virtual\): 10000 USD\nbalance stream: 10000 USD\n$/);
  });

  it('balance.ts with a bad DERIV_TOKEN says InvalidToken, never the token, and exits 1', async () => {
    const server = await startServer();
    const result = await runExample('balance.ts', [], { DERIV_URL: server.url, DERIV_TOKEN: 'a1-secret-not-a-token' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^InvalidToken: /);
    expect(result.stderr).not.toContain('a1-secret-not-a-token');
  });

  it('new-api-accounts.ts lists the demo account over REST, then opens its socket with an OTP', async () => {
    const result = await runExample('new-api-accounts.ts', [], NO_REST);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^(VRTC\d+) \(demo\): 10000 USD\nconnected as \1: 10000 USD\n$/);
  });

  it('new-api-accounts.ts with a refused DERIV_TOKEN says RestError 401, never the token, and exits 1', async () => {
    const server = await startServer();
    const result = await runExample('new-api-accounts.ts', [], {
      ...NO_REST,
      DERIV_REST_URL: server.restUrl,
      DERIV_TOKEN: 'a1-secret-not-a-token',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^RestError 401 /);
    expect(result.stderr).not.toContain('a1-secret-not-a-token');
    expect(server.otpsIssued).toBe(0);
  });

  it('trading-bot.ts trades COUNT one-tick contracts on the sandbox and tallies them from the profit table', async () => {
    const result = await runExample('trading-bot.ts', ['20']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [, won, lost, balance] =
      /^20 contracts: (\d+) won, (\d+) lost\nlast 20 in the profit table; balance ([\d.]+) USD\n$/.exec(result.stdout)!;
    expect(Number(won) + Number(lost)).toBe(20);
    // Each won DIGITEVEN of stake 1 pays the same payout; the balance is 10 000 − 20 + won × payout.
    const payout = (Number(balance) - 10_000 + 20) / Number(won);
    if (Number(won) > 0) expect(payout).toBeCloseTo(1.93, 2);
  });

  it('martingale.ts doubles the stake after each loss and back to 1 after a win, and tallies the rounds', async () => {
    const result = await runExample('martingale.ts', ['12', '7']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const rounds = lines
      .slice(0, -1)
      .map((line) => /^#\d+ stake ([\d.]+) (won|lost) (-?[\d.]+) P\/L (-?[\d.]+)$/.exec(line)!);
    expect(rounds.every(Boolean)).toBe(true);
    let expectedStake = 1;
    let profit = 0;
    for (const [, stake, status, gained, total] of rounds) {
      expect(Number(stake)).toBe(expectedStake);
      profit = Math.round((profit + Number(gained)) * 100) / 100;
      expect(Number(total)).toBe(profit);
      expectedStake = status === 'won' ? 1 : expectedStake * 2;
    }
    expect(lines.at(-1)).toMatch(
      new RegExp(`^${rounds.length} rounds: \\d+ won, \\d+ lost, P/L ${profit.toFixed(2)} USD, max drawdown [\\d.]+`),
    );
  });

  it('backtest-svg.ts writes the running P/L of COUNT contracts as an SVG line chart', async () => {
    const file = `test-output/backtest-${process.pid}.svg`;
    const result = await runExample('backtest-svg.ts', ['10', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^10 contracts, P/L -?[\\d.]+ USD; the curve is in ${file}\\n$`));
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(/points="([^"]+)"/.exec(svg)![1]!.split(' ')).toHaveLength(11);
    rmSync(file);
  });
});
