import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { OtpUrls } from '../../../src/client/options-client.js';
import { InvalidOptionError, OptionsRest, RestError } from '../../../src/client/options-node.js';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server that answers every request with the given status and body, and keeps what
 * it was sent: the shapes Deriv documents (and the staging quirks) without the local server.
 */
async function answering(status: number, body: string | (() => string), type = 'application/json', delayMs = 0) {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: text });
      const answer = () =>
        response.writeHead(status, { 'content-type': type }).end(typeof body === 'string' ? body : body());
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const rest = new OptionsRest({
    restUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    appId: 'app-1',
    token: 'pat_secret',
    restTimeoutMs: 500,
  });
  return { rest, seen };
}

const ACCOUNT = { account_id: 'DOT90004580', currency: 'USD', group: 'row', status: 'active', account_type: 'demo' };

describe('OptionsRest', () => {
  it('lists accounts with Bearer and Deriv-App-ID, reading balance as a number or a string', async () => {
    const { rest, seen } = await answering(
      200,
      JSON.stringify({
        data: [
          { ...ACCOUNT, balance: 10_000 },
          { ...ACCOUNT, account_id: 'ROT90004581', account_type: 'real', balance: '12.34' },
        ],
        meta: { endpoint: '/trading/v1/options/accounts', method: 'GET', timing: 3 },
      }),
    );
    expect(await rest.accounts()).toEqual([
      { ...ACCOUNT, balance: 10_000 },
      { ...ACCOUNT, account_id: 'ROT90004581', account_type: 'real', balance: 12.34 },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/trading/v1/options/accounts', body: '' });
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer pat_secret', 'deriv-app-id': 'app-1' });
  });

  it('asks for an OTP with a POST and no body, and takes data as an object or as a JSON string', async () => {
    const url = 'wss://api.derivws.com/trading/v1/options/ws/demo?otp=abc123';
    const plain = await answering(200, JSON.stringify({ data: { url }, meta: {} }));
    expect(await plain.rest.otp('DOT90004580')).toBe(url);
    expect(plain.seen[0]).toMatchObject({
      method: 'POST',
      url: '/trading/v1/options/accounts/DOT90004580/otp',
      body: '',
    });
    expect(plain.seen[0]!.headers['content-type']).toBeUndefined();
    expect(plain.seen[0]!.headers['deriv-app-id']).toBe('app-1');

    // Staging, February 2026: data was a string holding {data:{url}}.
    const quirk = await answering(200, JSON.stringify({ data: JSON.stringify({ data: { url } }), meta: {} }));
    expect(await quirk.rest.otp('DOT90004580')).toBe(url);
    const flat = await answering(200, JSON.stringify({ data: JSON.stringify({ url }), meta: {} }));
    expect(await flat.rest.otp('DOT90004580')).toBe(url);
  });

  it('resets a demo balance and answers with the account', async () => {
    const { rest, seen } = await answering(
      200,
      JSON.stringify({ data: { ...ACCOUNT, balance: '10000.00' }, meta: {} }),
    );
    expect(await rest.resetDemoBalance('DOT90004580')).toEqual({ ...ACCOUNT, balance: 10_000 });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/trading/v1/options/accounts/DOT90004580/reset-demo-balance',
    });
  });

  it('rejects with RestError from the error envelope: status, code, message, field; 401 and 403 are auth errors', async () => {
    const envelope = (status: number, code: string, message: string, field?: string) =>
      JSON.stringify({ errors: [{ status, code, message, ...(field ? { field } : {}) }], meta: {} });
    const cases = [
      [401, 'Unauthorized', 'Deriv-App-ID header is required for PAT tokens', undefined, true],
      [403, 'AccessDenied', 'Insufficient scope', undefined, true],
      [400, 'ValidationError', 'Invalid account ID format', 'account_id', false],
      [429, 'RateLimit', 'Too many requests', undefined, false],
    ] as const;
    for (const [status, code, message, field, auth] of cases) {
      const { rest } = await answering(status, envelope(status, code, message, field));
      const error = await rest.otp('DOT90004580').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestError);
      expect(error).toMatchObject({ status, code, message, field, isAuthError: auth, fatal: auth });
      expect((error as Error).message).not.toContain('pat_secret');
    }
  });

  it('a non-JSON error page, a reply without data or url, and no answer at all are RestErrors too, none of them auth', async () => {
    const gateway = await answering(502, '<html>Bad gateway</html>', 'text/html');
    await expect(gateway.rest.accounts()).rejects.toMatchObject({ status: 502, code: 'HTTP502', isAuthError: false });
    const empty = await answering(200, JSON.stringify({ meta: {} }));
    await expect(empty.rest.accounts()).rejects.toMatchObject({ code: 'InvalidResponse' });
    const noUrl = await answering(200, JSON.stringify({ data: { url: 'https://not-a-socket' }, meta: {} }));
    await expect(noUrl.rest.otp('DOT1')).rejects.toMatchObject({ code: 'InvalidResponse' });
    const closed = new OptionsRest({ restUrl: 'http://127.0.0.1:1', appId: 'app-1', token: 'pat_secret' });
    await expect(closed.accounts()).rejects.toMatchObject({ name: 'RestError', status: 0, code: 'NetworkError' });
  });

  it('checks its options and account ids at once, never quoting the token', async () => {
    expect(new OptionsRest({ appId: 'app-1', token: 't' }).restUrl).toBe('https://api.derivws.com');
    expect(new OptionsRest({ restUrl: 'http://127.0.0.1:8080/', appId: 'a', token: 't' }).restUrl).toBe(
      'http://127.0.0.1:8080',
    );
    for (const bad of [
      { restUrl: 'ws://api.derivws.com', appId: 'a', token: 't' },
      { appId: '', token: 't' },
      { appId: 'a b', token: 't' },
      { appId: 'a', token: 'has space' },
      { appId: 'a', token: '' },
    ]) {
      const thrown = (() => {
        try {
          new OptionsRest(bad as never);
        } catch (error) {
          return error;
        }
      })();
      expect(thrown, JSON.stringify(bad)).toBeInstanceOf(InvalidOptionError);
      expect((thrown as Error).message).not.toContain('has space');
    }
    await expect(new OptionsRest({ appId: 'a', token: 't' }).otp('../x')).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it('a call with no answer in restTimeoutMs fails with RestError Timeout, not an auth error', async () => {
    const { rest } = await answering(200, JSON.stringify({ data: [] }), 'application/json', 2_000);
    const started = performance.now();
    await expect(rest.accounts()).rejects.toMatchObject({ name: 'RestError', code: 'Timeout', isAuthError: false });
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('the OTP URL provider', () => {
  it('asks REST once per call, and calls made while one is out share it', async () => {
    let issued = 0;
    const { rest, seen } = await answering(
      200,
      () => JSON.stringify({ data: { url: `ws://127.0.0.1:1/trading/v1/options/ws/demo?otp=${++issued}` } }),
      'application/json',
      50,
    );
    const urls = new OtpUrls(rest, 'DOT1');
    const [a, b, c] = await Promise.all([urls.next(), urls.next(), urls.next()]);
    expect(new Set([a, b, c]).size).toBe(1);
    expect(seen).toHaveLength(1);
    // The next connect is a new OTP: nothing is kept.
    const d = await urls.next();
    expect(d).not.toBe(a);
    expect(seen).toHaveLength(2);
  });

  it('an OTP for an account switched away from meanwhile is not used: that attempt fails and the next asks again', async () => {
    const { rest, seen } = await answering(
      200,
      JSON.stringify({ data: { url: 'ws://x/ws/demo?otp=1' } }),
      'application/json',
      50,
    );
    const urls = new OtpUrls(rest, 'DOT1');
    const first = urls.next();
    urls.accountId = 'DOT2';
    await expect(first).rejects.toMatchObject({ code: 'ConnectionLost', sent: false });
    await urls.next();
    expect(seen.map((request) => request.url)).toEqual([
      '/trading/v1/options/accounts/DOT1/otp',
      '/trading/v1/options/accounts/DOT2/otp',
    ]);
  });
});
