import { describe, expect, it } from 'vitest';
import { completeLine, readLine } from '../../src/cli/repl-input.js';
import { closedPort } from '../support/bare-server.js';
import { runCli, startCli } from '../support/cli.js';
import { acceleratedClock } from '../../src/server/index.js';
import { startServer } from '../support/servers.js';

/** Ticks 20× faster than real time: streams answer in tens of milliseconds. */
const fastMarket = () => ({ market: { seed: 1 }, clock: acceleratedClock(20) });

describe('deriv-ws send', () => {
  it('prints the reply as one JSON line, against --local', async () => {
    const { code, stdout, stderr } = await runCli(['send', '--local', '{"time":1}']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const reply = JSON.parse(stdout);
    expect(reply).toMatchObject({ msg_type: 'time', echo_req: { time: 1 } });
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--pretty indents; JSON on stdin works; several lines are sent in turn', async () => {
    const server = await startServer();
    const pretty = await runCli(['send', '--url', server.url, '--pretty'], { input: '{"ping":1}' });
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toMatch(/^{\n {2}"echo_req"/);
    const ndjson = await runCli(['send', '--url', server.url], { input: '{"ping":1}\n{"time":1}\n' });
    expect(
      ndjson.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).msg_type),
    ).toEqual(['ping', 'time']);
  });

  it('an error reply goes to stderr as CODE: message, exit 1', async () => {
    const server = await startServer();
    const { code, stdout, stderr } = await runCli(['send', '--url', server.url, '{"nope":1}']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('UnrecognisedRequest: Unrecognised request\n');
  });

  it('authorizes with --token or DERIV_TOKEN, and never prints the token', async () => {
    const server = await startServer();
    const token = server.demoToken!;
    const withFlag = await runCli(['send', '--url', server.url, '--token', token, '{"balance":1}']);
    expect(JSON.parse(withFlag.stdout).balance.balance).toBe(10_000);
    const withEnv = await runCli(['send', '--url', server.url, '{"balance":1}'], { env: { DERIV_TOKEN: token } });
    expect(JSON.parse(withEnv.stdout).balance.loginid).toBe('VRTC1000001');
    for (const run of [withFlag, withEnv]) expect(run.stdout + run.stderr).not.toContain(token);
    const bad = await runCli(['send', '--url', server.url, '--token', 'WrongToken12345', '{"ping":1}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('deriv-ws: authorization failed: InvalidToken: The token is invalid.\n');
  });

  it('--local authorizes with the embedded demo account', async () => {
    const { stdout } = await runCli(['send', '--local', '{"balance":1}']);
    expect(JSON.parse(stdout).balance).toMatchObject({ balance: 10_000, currency: 'USD' });
  });

  it.each([
    [['send', '--local', '{bad'], /^deriv-ws: invalid JSON: /],
    [['send', '--local', '[1]'], /^deriv-ws: the request must be a JSON object/],
    [['send', '--local', '{"ping":1}', 'extra'], /^deriv-ws: give the request as one argument/],
    [['send', '--local', '--nope', '{"ping":1}'], /^deriv-ws: Unknown option '--nope'/],
    [['send', '--local', '--url', 'ws://x', '{"ping":1}'], /^deriv-ws: give one target/],
    [['send', '--local', '--timeout', 'soon', '{"ping":1}'], /^deriv-ws: --timeout must be a number/],
    [['send', '--url', 'http://x', '{"ping":1}'], /^deriv-ws: invalid option url/],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unreachable target: one line, exit 1, and no secret from the URL', async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await runCli([
      'send',
      '--url',
      `ws://127.0.0.1:${port}/websockets/v3?app_id=1089&otp=s3cret`,
      '{"ping":1}',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `deriv-ws: cannot connect to ws://127.0.0.1:${port}/websockets/v3: ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  });
});

describe('deriv-ws ping', () => {
  it('prints a line per pong and a ping(8)-style summary', async () => {
    const { code, stdout } = await runCli(['ping', '--local', '-c', '3', '-i', '0.05']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PING ws:\/\/127\.0\.0\.1:\d+\/websockets\/v3$/);
    expect(lines.slice(1, 4)).toEqual(
      [1, 2, 3].map((seq) => expect.stringMatching(new RegExp(`^pong from .*: seq=${seq} time=\\d+\\.\\d\\d ms$`))),
    );
    expect(lines[4]).toMatch(/ping statistics ---$/);
    expect(lines[5]).toBe('3 pings sent, 3 pongs received, 0% loss');
    expect(lines[6]).toMatch(/^rtt min\/avg\/p50\/p99\/max = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms$/);
  });

  it('runs until Ctrl-C without -c, then sums up and exits 0', async () => {
    const cli = startCli(['ping', '--local', '-i', '0.02']);
    await cli.line(/seq=3 /);
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
    expect(cli.stdout()).toMatch(/\d+ pings sent, \d+ pongs received, 0% loss/);
  });

  it('counts lost pongs, and exits 1 when none came back', async () => {
    const server = await startServer();
    server.inject('ping', { drop: true });
    const { code, stdout } = await runCli(['ping', '--url', server.url, '-c', '2', '-i', '0', '-W', '0.1']);
    expect(code).toBe(1);
    expect(stdout).toContain('2 pings sent, 0 pongs received, 100% loss');
    expect(stdout).not.toContain('rtt');
  });

  it('exits 1 with one line when the target is unreachable', async () => {
    const port = await closedPort();
    const { code, stderr } = await runCli(['ping', '--endpoint', `ws://127.0.0.1:${port}`, '-c', '1']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^deriv-ws: cannot connect to /);
  });
});

describe('deriv-ws subscribe', () => {
  it('prints NDJSON that parses, and stops after --count with a forget', async () => {
    const server = await startServer(fastMarket());
    const forgets: string[] = [];
    server.onRequest(({ call }) => call === 'forget' && forgets.push(call));
    const { code, stdout } = await runCli(['subscribe', '--url', server.url, '--count', '2', '{"ticks":"1HZ100V"}']);
    expect(code).toBe(0);
    const messages = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(messages).toHaveLength(2);
    expect(messages.map((m) => m.msg_type)).toEqual(['tick', 'tick']);
    expect(forgets).toHaveLength(1);
  });

  it('Ctrl-C forgets the stream and exits 0', async () => {
    const server = await startServer(fastMarket());
    const cli = startCli(['subscribe', '--url', server.url, '{"ticks":"1HZ10V"}']);
    await cli.line(/"msg_type":"tick"/);
    expect(server.subscriptionCount).toBe(1);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(server.callCount('forget')).toBe(1);
  });

  it('a closed pipe (EPIPE) exits quietly', async () => {
    const server = await startServer(fastMarket());
    const cli = startCli(['subscribe', '--url', server.url, '{"ticks":"1HZ10V"}']);
    await cli.line(/"msg_type":"tick"/);
    cli.child.stdout.destroy();
    const exited = await cli.exited;
    expect(exited.code).toBe(0);
    expect(cli.stderr()).toBe('');
  });

  it('a refused stream: CODE: message on stderr, exit 1', async () => {
    const { code, stderr } = await runCli(['subscribe', '--local', '{"ticks":"NOPE_1"}']);
    expect(code).toBe(1);
    expect(stderr).toBe('InvalidSymbol: Symbol NOPE_1 invalid.\n');
  });

  it('refuses a call that does not stream, in one line', async () => {
    const { code, stderr } = await runCli(['subscribe', '--local', '{"ping":1}']);
    expect(code).toBe(2);
    expect(stderr).toBe('deriv-ws: InvalidArgument: ping does not stream; use send()\n');
  });
});

describe('deriv-ws repl', () => {
  it('answers JSON and shorthands, streams as messages arrive, forgets, and exits', async () => {
    const server = await startServer(fastMarket());
    const cli = startCli(['repl', '--url', server.url]);
    cli.child.stdin.write('ping\n{"time":1}\nticks R_100\n');
    await cli.line(/"msg_type":"ping"/);
    await cli.line(/"msg_type":"time"/);
    await cli.line(/^(deriv> )*sub-1 R_100 \d+\.\d\d \d\d:\d\d:\d\d$/);
    cli.child.stdin.write('forget sub-1\n{bad\nnonsense\n.exit\n');
    expect((await cli.exited).code).toBe(0);
    expect(cli.stdout()).toMatch(/sub-1 forgotten/);
    expect(cli.stdout()).toMatch(/error: invalid JSON/);
    expect(cli.stdout()).toMatch(/error: unknown command "nonsense"/);
    expect(server.subscriptionCount).toBe(0);
  });

  it('completes call names and shorthands', () => {
    expect(completeLine('tick')[0]).toEqual(['ticks', 'ticks_batch', 'ticks_history']);
    expect(completeLine('forg')[0]).toEqual(['forget', 'forget_all']);
    expect(completeLine('{"ping"')[0]).toEqual([]);
  });

  it('reads shorthands into requests', () => {
    expect(readLine('ticks R_50 R_100')).toEqual({ request: { ticks: ['R_50', 'R_100'] } });
    expect(readLine('active_symbols brief')).toEqual({ request: { active_symbols: 'brief' } });
    expect(readLine('forget_all ticks')).toEqual({ request: { forget_all: 'ticks' } });
    expect(readLine('[1]')).toEqual({ error: 'unknown command "[1]"; type .help' });
  });
});
