import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { readServeFlags, SERVE_FLAGS, serveHelpText, shownDefault } from '../../src/cli/serve-flags.js';
import { CLUSTER_OPTION_TABLE, OPTION_DEFAULTS, OPTION_TABLE } from '../../src/server/option-table.js';
import { fromWire, toWire, type ClusterOnlyKey } from '../../src/server/serve-options.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { freshDirectory, runCli } from '../support/cli.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Every numeric flag and its bounds, from the table. */
const NUMBER_FLAGS = SERVE_FLAGS.flatMap(({ flag }) =>
  flag.parse.kind === 'number' ? [{ name: flag.name, ...flag.parse }] : [],
);

/** The message a bad number gets (parseNumberOption's). */
const mustBe = ({ name, min, max, integer }: (typeof NUMBER_FLAGS)[number], text: string) =>
  `--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not "${text}"`;

/** Values each numeric flag refuses: not a number, under and over its bounds, a fraction where it counts whole things. */
const badValues = ({ min, max, integer }: (typeof NUMBER_FLAGS)[number]) => [
  'x',
  '',
  String(min - 1),
  String(max + 1),
  ...(integer ? ['1.5'] : []),
];

function parse(args: Record<string, string | boolean>) {
  return readServeFlags(args);
}

describe('the option table', () => {
  it('has one row for every ServerOptions key, and one for every cluster-only option', () => {
    // The table's own type (`satisfies`) does not compile without a row per key; this says so too.
    expectTypeOf<keyof typeof OPTION_TABLE>().toEqualTypeOf<keyof ServerOptions>();
    expectTypeOf<keyof typeof CLUSTER_OPTION_TABLE>().toEqualTypeOf<ClusterOnlyKey>();
    for (const [key, row] of Object.entries({ ...OPTION_TABLE, ...CLUSTER_OPTION_TABLE })) {
      if ('none' in row.flags) expect(row.flags.none, key).not.toBe('');
      else expect(row.flags.length, key).toBeGreaterThan(0);
    }
  });

  it('gives every flag a default to show, and no two flags one name', () => {
    for (const entry of SERVE_FLAGS) expect(shownDefault(entry), entry.flag.name).not.toBe('');
    const names = SERVE_FLAGS.map(({ flag }) => flag.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('holds the defaults createServer uses', () => {
    expect(OPTION_DEFAULTS).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      db: ':memory:',
      idleTimeoutMs: 120_000,
      maxPayloadBytes: 262_144,
      maxResponseBytes: 600_000,
    });
    expect(OPTION_DEFAULTS).toMatchObject({
      pipelineTimeoutMs: 15_000,
      maxConnectionsPerIp: 1_000,
      maxBufferedBytes: 1_048_576,
      handshakeTimeoutMs: 10_000,
    });
  });
});

describe('serve --help', () => {
  it('lists every flag of the table with its default, and says why an option has none', async () => {
    const { code, stdout } = await runCli(['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${serveHelpText()}\n`);
    // Each flag's block runs from its line to the next flag's: its default is in it.
    const blocks = stdout.split(/\n(?= {2}--|Options without)/);
    for (const entry of SERVE_FLAGS) {
      const block = blocks.find((text) => text.trimStart().split(/\s/)[0] === `--${entry.flag.name}`);
      expect(block, entry.flag.name).toBeDefined();
      expect(block!.replace(/\s+/g, ' '), entry.flag.name).toContain(`(default ${shownDefault(entry)})`);
    }
    for (const [key, row] of Object.entries({ ...OPTION_TABLE, ...CLUSTER_OPTION_TABLE }))
      if ('none' in row.flags) expect(stdout).toMatch(new RegExp(`^  ${key} `, 'm'));
  });

  it('is what the README’s option tables list: every flag, and every option', () => {
    // The rows of the README's tables whose second column is `serve` flag.
    const rows = README.split('\n').filter((line) => /^\| `/.test(line) && /\| (`--|none)/.test(line));
    const documented = rows.flatMap((row) =>
      [...row.split('|')[2]!.matchAll(/`--([a-z-]+)/g)].map((match) => match[1]),
    );
    expect(new Set(documented)).toEqual(new Set(SERVE_FLAGS.map(({ flag }) => flag.name)));
    const options = rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`(\w+)`/g)].map((match) => match[1]));
    expect(new Set(options)).toEqual(new Set(Object.keys({ ...OPTION_TABLE, ...CLUSTER_OPTION_TABLE })));
  });
});

describe('serve flags', () => {
  it('set the options they name, in the option units (seconds become milliseconds)', () => {
    const cwd = freshDirectory();
    const { options, cluster } = parse({
      host: '0.0.0.0',
      port: '9000',
      'max-payload-bytes': '1000',
      'max-response-bytes': '2000',
      'max-connections': '50',
      'max-connections-per-ip': '5',
      'max-subscriptions-per-connection': '0',
      'max-stream-echo-bytes-per-connection': '4096',
      'max-buffered-bytes': '65536',
      'idle-timeout': '0.5',
      'pipeline-timeout': '2',
      'handshake-timeout': '0',
      'drain-timeout': '0.25',
      'close-timeout': '3',
      'app-ids': '1089, 2000',
      'allowed-origins': 'https://a.example',
      'trust-proxy': '10.0.0.2, ::1',
      seed: '42',
      'tick-intervals': 'R_100=5,1HZ10V=3',
      speed: '20',
      'static-dir': cwd,
      quiet: true,
      'rate-limits': 'off',
      workers: '3',
      'max-restarts': '2',
      'restart-delay': '0.05',
      'max-restart-delay': '1',
    });
    expect(options).toEqual({
      host: '0.0.0.0',
      port: 9000,
      db: 'deriv-ws.sqlite',
      maxPayloadBytes: 1000,
      maxResponseBytes: 2000,
      maxConnections: 50,
      maxConnectionsPerIp: 5,
      maxSubscriptionsPerConnection: 0,
      maxStreamEchoBytesPerConnection: 4096,
      maxBufferedBytes: 65536,
      idleTimeoutMs: 500,
      pipelineTimeoutMs: 2000,
      handshakeTimeoutMs: 0,
      drainTimeoutMs: 250,
      closeTimeoutMs: 3000,
      appIds: ['1089', '2000'],
      allowedOrigins: ['https://a.example'],
      trustedProxies: ['10.0.0.2', '::1'],
      market: { seed: 42, intervals: { R_100: 5, '1HZ10V': 3 } },
      clockSpeed: 20,
      staticDir: cwd,
      log: false,
      rateLimits: false,
    });
    expect(cluster).toEqual({ workers: 3, maxRestartsPerMinute: 2, restartDelayMs: 50, maxRestartDelayMs: 1000 });
  });

  it('leave the server its defaults, except serve’s own (port 8080, deriv-ws.sqlite, logging)', () => {
    expect(parse({})).toEqual({ options: { port: 8080, db: 'deriv-ws.sqlite', log: true }, cluster: { workers: 1 } });
    const page = freshDirectory();
    expect(readServeFlags({}, { port: '7000', 'static-dir': page }).options).toEqual({
      port: 7000,
      db: 'deriv-ws.sqlite',
      log: true,
      staticDir: page,
    });
  });

  it('refuse every bad number with parseNumberOption’s message', () => {
    expect(NUMBER_FLAGS.length).toBeGreaterThanOrEqual(18);
    for (const flag of NUMBER_FLAGS) {
      for (const text of badValues(flag))
        expect(() => parse({ [flag.name]: text }), `--${flag.name} ${text}`).toThrow(mustBe(flag, text));
    }
  });

  it('refuse a bad list, seed table or rate-limits file in one line', () => {
    const cwd = freshDirectory();
    const bad = join(cwd, 'bad.json');
    writeFileSync(bad, JSON.stringify({ per: 'everyone' }));
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'app-ids': ' , ' }, '--app-ids needs at least one app id'],
      [{ 'trust-proxy': '10.0.0.2,lb.example' }, '--trust-proxy: lb.example is not an IP address'],
      [{ 'trust-proxy': ',' }, '--trust-proxy needs at least one IP address'],
      [{ 'static-dir': '/nonexistent/page' }, '--static-dir /nonexistent/page is not a folder'],
      [{ 'static-dir': bad }, `--static-dir ${bad} is not a folder`],
      [{ 'tick-intervals': 'R_100' }, '--tick-intervals must be SYMBOL=SECONDS,…, not "R_100"'],
      [
        { 'tick-intervals': 'R_99=2' },
        '--tick-intervals: unknown symbol "R_99" (R_10, R_25, R_50, R_75, R_100, 1HZ10V, 1HZ25V, 1HZ50V, 1HZ75V, 1HZ100V)',
      ],
      [{ 'tick-intervals': 'R_100=0.5' }, '--tick-intervals R_100 must be an integer from 1 to 86400, not "0.5"'],
      [{ 'rate-limits': '/nonexistent/limits.json' }, 'cannot read --rate-limits /nonexistent/limits.json: ENOENT'],
      [
        { 'rate-limits': bad },
        'rate limits file: /per must be equal to one of the allowed values (client, connection)',
      ],
    ];
    for (const [args, message] of cases) expect(() => parse(args), JSON.stringify(args)).toThrow(message);
  });

  it('cross to a worker as JSON: Iterables as arrays, Infinity as null and back', () => {
    const wire = toWire({
      maxConnectionsPerIp: Infinity,
      appIds: new Set(['1089']),
      db: 'x.sqlite',
      clockSpeed: 2,
      log: true,
      market: { seed: 1 },
    });
    expect(JSON.parse(JSON.stringify(wire))).toEqual({
      maxConnectionsPerIp: null,
      appIds: ['1089'],
      market: { seed: 1 },
    });
    expect(fromWire(JSON.parse(JSON.stringify(wire)))).toEqual({
      maxConnectionsPerIp: Infinity,
      appIds: ['1089'],
      market: { seed: 1 },
    });
  });
});

describe('deriv-ws serve with a bad value', () => {
  it('prints one line naming the flag and the problem, and exits 2, for every numeric flag', async () => {
    for (const flag of NUMBER_FLAGS) {
      const text = String(flag.min - 1);
      const { code, stdout, stderr } = await runCli(['serve', `--${flag.name}=${text}`]);
      expect({ code, stdout, stderr }, flag.name).toEqual({
        code: 2,
        stdout: '',
        stderr: `deriv-ws: ${mustBe(flag, text)}\n`,
      });
    }
  }, 60_000);
});
