import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDirectory, runCli, startCli } from '../support/cli.js';
import { RawHttp } from '../support/raw-http.js';
import { RawSocket } from '../support/raw-socket.js';

const LISTENING = /^listening on (ws:\/\/127\.0\.0\.1:(\d+)\/\S+)$/;

/**
 * The cluster accepts round-robin, so of connections opened one after another on an otherwise
 * idle server, consecutive ones land on different workers: four cover both workers twice. Each
 * option is seen from the socket, as a user would, on every one of them; an option that reached
 * only the primary, or one worker, would leave half of them with the default.
 */
const CONNECTIONS = 4;

describe('deriv-ws serve --workers 2: every option reaches every worker', () => {
  it('limits, timeouts, the market and rate limits set by flags hold on every connection', async () => {
    const cwd = freshDirectory();
    const rateLimits = join(cwd, 'rate-limits.json');
    writeFileSync(rateLimits, JSON.stringify({ limits: { general: { minutely: 3, hourly: 100 } }, per: 'connection' }));
    const cli = startCli(
      [
        'serve',
        '--port',
        '0',
        '--workers',
        '2',
        '--quiet',
        '--max-payload-bytes',
        '1000',
        '--max-response-bytes',
        '500',
        '--max-subscriptions-per-connection',
        '1',
        '--handshake-timeout',
        '0.3',
        '--tick-intervals',
        'R_100=5',
        '--rate-limits',
        rateLimits,
      ],
      {},
      cwd,
    );
    const [, url, port] = LISTENING.exec(await cli.line(LISTENING, 15_000))!;

    const sockets: RawSocket[] = [];
    for (let i = 0; i < CONNECTIONS; i++) sockets.push(await RawSocket.open(url!));
    for (const raw of sockets) {
      // --tick-intervals: R_100 ticks every 5 s, not 2.
      const history = await raw.request({ ticks_history: 'R_100', end: '1790000000', count: 3, req_id: 1 });
      const times: number[] = history.history.times;
      expect(times.slice(1).map((time, i) => time - times[i]!)).toEqual([5, 5]);
      // --max-subscriptions-per-connection 1.
      expect((await raw.request({ ticks: ['R_10', 'R_25'], req_id: 2 })).error).toEqual({
        code: 'SubscriptionLimitReached',
        message: 'You have reached the limit of 1 subscriptions on this connection.',
        details: { limit: 1 },
      });
      // --max-response-bytes 500: website_status is longer.
      expect((await raw.request({ website_status: 1, req_id: 3 })).error).toEqual({
        code: 'ResponseTooLarge',
        message: 'Response too large.',
      });
      // --rate-limits FILE, per connection, counted in the connection's worker: three calls a minute, and these were they.
      expect((await raw.request({ active_symbols: 'brief', req_id: 4 })).error).toEqual({
        code: 'RateLimit',
        message: 'You have reached the rate limit for active_symbols.',
      });
      // --max-payload-bytes 1000.
      raw.send(JSON.stringify({ ping: 1, passthrough: { pad: 'x'.repeat(1_000) } }));
      expect((await raw.closed).code).toBe(1009);
    }

    // --handshake-timeout 0.3: a connection that sends nothing gets 408 (the default waits 10 s).
    const started = performance.now();
    const silent: RawHttp[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const http = new RawHttp(Number(port));
      await http.connected;
      silent.push(http);
    }
    for (const http of silent) {
      await http.closed;
      expect(http.received).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
    }
    expect(performance.now() - started).toBeLessThan(5_000);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('refuses --db :memory:: each worker opens the database itself, and would have one of its own', async () => {
    const { code, stdout, stderr } = await runCli(['serve', '--port', '0', '--workers', '2', '--db', ':memory:']);
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'deriv-ws: --db :memory: cannot be used with --workers: each worker would have a database of its own (give a file, or --redis)\n',
    });
  });
});
