import { OPTIONS_PREFIX } from '../../../src/protocol/options-api.js';
import { request } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { OPTIONS_LIMITS } from '../../../src/protocol/options-api.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RawSocket } from '../../support/raw-socket.js';
import { APP_ID, DEMO_TOKEN, REAL_TOKEN, errorOf, otpUrl, rest, startRestServer } from './fixture.js';
import { tryUpgrade } from './upgrade.js';

/** The refusal an upgrade got; fails the test if it opened. */
async function refusal(url: string) {
  const outcome = await tryUpgrade(url);
  if (outcome.opened) {
    outcome.socket.terminate();
    throw new Error('the upgrade was accepted');
  }
  return outcome;
}

describe("the new API's account sockets", () => {
  it('hands out a ws URL on the Host the client used, for the path of the account type', async () => {
    const server = await startRestServer();
    const demo = await otpUrl(server, 'VRTC800001');
    expect(demo).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:${server.port}/trading/v1/options/ws/demo\\?otp=[A-Za-z0-9_-]{43}$`),
    );
    const real = await otpUrl(server, 'CR800002');
    expect(real).toMatch(/\/trading\/v1\/options\/ws\/real\?otp=/);
    expect(new URL(real).searchParams.get('otp')).not.toBe(new URL(demo).searchParams.get('otp'));
    expect(server.otpsIssued).toBe(2);
  });

  it('builds the URL on a Host header fit for one, else on the server address', async () => {
    const server = await startRestServer();
    const withHost = async (host: string) =>
      new Promise<string>((resolve, reject) => {
        const call = request(
          `${server.restUrl}${OPTIONS_PREFIX}/accounts/VRTC800001/otp`,
          { method: 'POST', headers: { Host: host, Authorization: `Bearer ${DEMO_TOKEN}`, 'Deriv-App-ID': APP_ID } },
          (response) => {
            let text = '';
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () => resolve(JSON.parse(text).data.url));
          },
        );
        call.on('error', reject);
        call.end();
      });
    expect(await withHost('trading.example:8443')).toMatch(
      /^ws:\/\/trading\.example:8443\/trading\/v1\/options\/ws\/demo\?otp=/,
    );
    expect(await withHost('[::1]:9000')).toMatch(/^ws:\/\/\[::1\]:9000\//);
    for (const bad of ['evil.example/path?', 'a b', 'x@y'])
      expect(await withHost(bad)).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${server.port}/trading/`));
  });

  it("opens bound to the OTP's account: balance names it, with no authorize", async () => {
    const server = await startRestServer();
    const raw = await RawSocket.open(await otpUrl(server, 'CR800002', REAL_TOKEN));
    expect((await raw.answered({ ping: 1 })).ping).toBe('pong');
    expect((await raw.answered({ balance: 1 })).balance.loginid).toBe('CR800002');
    // The user's demo token may fetch an OTP for the user's real account too.
    const other = await RawSocket.open(await otpUrl(server, 'CR800002', DEMO_TOKEN));
    expect((await other.answered({ balance: 1 })).balance.loginid).toBe('CR800002');
  });

  it('answers a missing OTP with 400 and an unknown one with 401, both with the REST error body', async () => {
    const server = await startRestServer();
    const base = `ws://127.0.0.1:${server.port}/trading/v1/options/ws/demo`;
    const missing = await refusal(base);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(errorOf(400, 'ValidationError', 'OTP parameter is required', 'otp'));
    expect(missing.body.meta).toMatchObject({ endpoint: '/trading/v1/options/ws/demo', method: 'GET' });
    const unknown = await refusal(`${base}?otp=nothing-like-it`);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(errorOf(401, 'Unauthorized', 'Invalid or expired OTP token'));
  });

  it('takes an OTP once: a reused one and a parallel second upgrade get 401', async () => {
    const server = await startRestServer();
    const url = await otpUrl(server, 'VRTC800001');
    const first = await RawSocket.open(url);
    expect((await first.answered({ ping: 1 })).ping).toBe('pong');
    expect((await refusal(url)).status).toBe(401);
    // Two at once with a fresh one: exactly one opens.
    const fresh = await otpUrl(server, 'VRTC800001');
    const outcomes = await Promise.all([tryUpgrade(fresh), tryUpgrade(fresh)]);
    for (const outcome of outcomes) if (outcome.opened) onTestFinished(() => outcome.socket.terminate());
    expect(outcomes.filter((outcome) => outcome.opened)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.opened)).toMatchObject({ status: 401 });
  });

  it("refuses a demo OTP on /ws/real, and expires an OTP after 120 s of the server's clock", async () => {
    const start = Math.floor(Date.now() / 1000);
    const clock = new ManualClock(start * 1000);
    const server = await startRestServer({ clock });
    const demo = await otpUrl(server, 'VRTC800001');
    expect((await refusal(demo.replace('/ws/demo', '/ws/real'))).status).toBe(401);
    const late = await otpUrl(server, 'VRTC800001');
    clock.advanceTo(start + 119, 999);
    const inTime = await otpUrl(server, 'VRTC800001');
    clock.advanceTo(start + 120, 0);
    const expired = await refusal(late);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(errorOf(401, 'Unauthorized', 'Invalid or expired OTP token'));
    // One fetched later is still good.
    expect((await tryUpgrade(inTime)).opened).toBe(true);
  });

  it('expireOtps() expires every OTP issued so far', async () => {
    const server = await startRestServer();
    const url = await otpUrl(server, 'VRTC800001');
    await server.expireOtps();
    expect((await refusal(url)).status).toBe(401);
    expect((await tryUpgrade(await otpUrl(server, 'VRTC800001'))).opened).toBe(true);
  });

  it("refuses a user's sixth concurrent account socket with 429, and lets one in once another closes", async () => {
    const server = await startRestServer({ rateLimits: false });
    const open: RawSocket[] = [];
    // Demo and real count together: the cap is the user's.
    for (let i = 0; i < OPTIONS_LIMITS.connectionsPerUser; i++)
      open.push(await RawSocket.open(await otpUrl(server, i % 2 ? 'CR800002' : 'VRTC800001')));
    const sixth = await refusal(await otpUrl(server, 'VRTC800001'));
    expect(sixth.status).toBe(429);
    expect(sixth.body).toEqual(errorOf(429, 'RateLimit', 'Too many concurrent connections for this user'));
    // Another user is not affected.
    const other = await tryUpgrade(await otpUrl(server, 'VRTC800003', 'a1-RestOtherUserTokenAbcdefghi'));
    expect(other.opened).toBe(true);
    if (other.opened) other.socket.terminate();
    open[0]!.socket.close();
    await open[0]!.closed;
    await expect.poll(async () => (await tryUpgrade(await otpUrl(server, 'VRTC800001'))).opened).toBe(true);
  });

  it('closes matching sockets with the code asked for, and says how many', async () => {
    const server = await startRestServer();
    const demo = await RawSocket.open(await otpUrl(server, 'VRTC800001'));
    const real = await RawSocket.open(await otpUrl(server, 'CR800002'));
    const v3 = await RawSocket.open(server.url);
    expect(server.closeConnections({ loginid: 'VRTC800001', code: 4001, reason: 'session ended' })).toBe(1);
    expect(await demo.closed).toEqual({ code: 4001, reason: 'session ended' });
    expect(server.closeConnections({ api: 'options', code: 4002 })).toBe(1);
    expect((await real.closed).code).toBe(4002);
    expect((await v3.answered({ ping: 1 })).ping).toBe('pong');
  });

  it('answers a plain GET on a socket path with 426', async () => {
    const server = await startRestServer();
    for (const channel of ['public', 'demo', 'real']) {
      const response = await fetch(`http://127.0.0.1:${server.port}/trading/v1/options/ws/${channel}`);
      expect(response.status).toBe(426);
    }
  });

  it('logs neither tokens nor OTPs', async () => {
    const lines: string[] = [];
    const line = (text: string) => void lines.push(text);
    const server = await startRestServer({ logger: { info: line, warn: line, error: line } });
    const url = await otpUrl(server, 'VRTC800001');
    const otp = new URL(url).searchParams.get('otp')!;
    const raw = await RawSocket.open(url);
    await raw.answered({ balance: 1 });
    await refusal(url);
    await rest(server, 'GET', '/accounts', { token: 'a1-WrongTokenAbcdefghijklmnopqr' });
    raw.socket.close();
    await raw.closed;
    await expect.poll(() => lines.some((text) => text.includes('closed'))).toBe(true);
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    for (const secret of [DEMO_TOKEN, otp, 'WrongToken']) expect(all).not.toContain(secret);
  });
});
