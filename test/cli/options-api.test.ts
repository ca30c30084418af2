import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../src/server/index.js';
import { runCli, startCli } from '../support/cli.js';
import { startServer } from '../support/servers.js';

/** One tick of 1HZ100V: a --local server runs in real time, so the contract ends within a couple of seconds. */
const RISE = {
  contract_type: 'CALL',
  underlying_symbol: '1HZ100V',
  currency: 'USD',
  basis: 'stake',
  amount: 1,
  duration: 1,
  duration_unit: 't',
};

/** Nothing secret in what the CLI printed: no token, no one-time password. */
function expectNoSecrets(output: string, token?: string) {
  expect(output).not.toMatch(/otp=/i);
  if (token) expect(output).not.toContain(token);
}

describe('the CLI on the new API (--api options)', () => {
  it('send --local: the embedded demo account, learned without authorize', async () => {
    const { code, stdout, stderr } = await runCli(['send', '--local', '--api', 'options', '{"balance":1}']);
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout).balance).toEqual({ balance: 10_000, currency: 'USD', loginid: 'VRTC1000001' });
    // A v3 name is refused there, as on Deriv's new API.
    const old = await runCli([
      'send',
      '--local',
      '--api',
      'options',
      JSON.stringify({ proposal: 1, ...RISE, symbol: '1HZ100V' }),
    ]);
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/^InputValidationFailed: .*symbol/);
  });

  it('ping and send against a server given by --rest, --app-id, --token and --account: an OTP per run, nothing secret printed', async () => {
    const server = await startServer();
    const token = server.demoToken!;
    const target = [
      '--api',
      'options',
      '--rest',
      `http://127.0.0.1:${server.port}`,
      '--app-id',
      'my-bot',
      '--token',
      token,
    ];
    const ping = await runCli(['ping', ...target, '--account', 'VRTC1000001', '-c', '2', '-i', '0.05']);
    expect(ping.code).toBe(0);
    expect(ping.stdout).toMatch(new RegExp(`^PING http://127\\.0\\.0\\.1:${server.port} account VRTC1000001\\n`));
    expect(ping.stdout).toContain('2 pings sent, 2 pongs received, 0% loss');
    // Without --account: the token's only account.
    const send = await runCli(['send', ...target, '{"portfolio":1}']);
    expect(send.code).toBe(0);
    expect(JSON.parse(send.stdout).portfolio).toEqual({ contracts: [] });
    expect(server.otpsIssued).toBe(2);
    for (const run of [ping, send]) expectNoSecrets(run.stdout + run.stderr, token);
  });

  it('subscribe --public: ticks on the public socket, with no token', async () => {
    const server = await startServer({ clock: acceleratedClock(20) });
    const { code, stdout } = await runCli([
      'subscribe',
      '--api',
      'options',
      '--public',
      '--rest',
      `http://127.0.0.1:${server.port}`,
      '--count',
      '2',
      '{"ticks":"R_100"}',
    ]);
    expect(code).toBe(0);
    const ticks = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(ticks.map((message) => [message.msg_type, message.tick.symbol])).toEqual([
      ['tick', 'R_100'],
      ['tick', 'R_100'],
    ]);
    expect(server.otpsIssued).toBe(0);
  });

  it('buy --follow on the new API: the contract with underlying_symbol, settled', async () => {
    const { code, stdout, stderr } = await runCli([
      'buy',
      '--local',
      '--api',
      'options',
      '--follow',
      JSON.stringify(RISE),
    ]);
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].buy).toMatchObject({ buy_price: 1, contract_id: expect.any(Number) });
    expect(lines.at(-2).proposal_open_contract).toMatchObject({ is_sold: 1, underlying_symbol: '1HZ100V' });
    expect(lines.at(-1).settled).toMatchObject({ contract_id: lines[0].buy.contract_id });
  });

  it('repl --local: the session is the account from the start', async () => {
    const cli = startCli(['repl', '--local', '--api', 'options']);
    cli.child.stdin.write('{"balance":1}\n');
    await cli.line(/"loginid":"VRTC1000001"/);
    cli.child.stdin.end();
    expect((await cli.exited).code).toBe(0);
    expectNoSecrets(cli.stdout() + cli.stderr());
  });

  it.each([
    [['send', '--local', '--api', 'v4', '{"ping":1}'], /^deriv-ws: --api must be v3 or options, not "v4"$/],
    [['send', '--local', '--account', 'CR1', '{"ping":1}'], /^deriv-ws: --account goes with --api options$/],
    [['send', '--local', '--public', '{"ping":1}'], /^deriv-ws: --public goes with --api options$/],
    [['send', '--api', 'options', '--app-id', 'a', '{"ping":1}'], /^deriv-ws: --api options needs --token/],
    [['send', '--api', 'options', '--token', 'x', '{"ping":1}'], /^deriv-ws: --api options needs --app-id/],
    [
      ['send', '--local', '--api', 'options', '--public', '--account', 'X', '{"ping":1}'],
      /^deriv-ws: --public has no account/,
    ],
    [['send', '--api', 'options', '--url', 'ws://x', '--token', 't', '--app-id', 'a', '{"ping":1}'], /is for --public/],
  ])('bad flags %j: one line, exit 2', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.trim()).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a token REST refuses: one line, exit 1, the token not in it', async () => {
    const server = await startServer();
    const token = 'NotAToken12345678';
    const { code, stdout, stderr } = await runCli([
      'send',
      '--api',
      'options',
      '--rest',
      `http://127.0.0.1:${server.port}`,
      '--app-id',
      'my-bot',
      '--token',
      token,
      '{"ping":1}',
    ]);
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toBe(
      "deriv-ws: cannot list the token's accounts: Unauthorized: Invalid or missing authentication credentials\n",
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expectNoSecrets(stderr, token);
  });
});
