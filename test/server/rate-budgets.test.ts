import { describe, expect, it } from 'vitest';
import { RawSocket } from '../support/raw-socket.js';
import { acceleratedClock } from '../../src/server/index.js';
import { startServer, urlWith } from '../support/servers.js';

/** A connection whose every header a client could choose differs from every other's. */
let fresh = 0;
function disguised(server: { port: number }): Promise<RawSocket> {
  fresh++;
  return RawSocket.open(urlWith(server as never, `app_id=${4000 + fresh}`), {
    headers: { 'User-Agent': `bot-${fresh}/1.0` },
  });
}

const refused = { code: 'RateLimit', message: 'You have reached the rate limit for authorize.' };

describe('failed authorizations have a budget per IP', () => {
  it('no app id or User-Agent renews it: past it, every authorize from the IP is refused, a good token too', async () => {
    const server = await startServer({ rateLimits: { failedAuthorizations: { minutely: 3, hourly: 100 } } });
    for (let i = 0; i < 3; i++) {
      const raw = await disguised(server);
      expect((await raw.request({ authorize: 'NoSuchToken1234' })).error.code).toBe('InvalidToken');
    }
    const raw = await disguised(server);
    expect(await raw.request({ authorize: server.demoToken, req_id: 4 })).toEqual({
      echo_req: { authorize: '<not shown>', req_id: 4 },
      error: refused,
      msg_type: 'authorize',
      req_id: 4,
    });
    // Only authorize is held back; the connection's other calls draw on their own budgets.
    expect((await raw.answered({ website_status: 1 })).msg_type).toBe('website_status');
  });

  it('by default a flood of bad tokens from one IP is cut off after 20 a minute', async () => {
    const server = await startServer();
    const codes: string[] = [];
    for (let i = 0; i < 25; i++) {
      const raw = await disguised(server);
      codes.push((await raw.request({ authorize: 'NoSuchToken1234' })).error.code);
      raw.socket.close();
    }
    expect(codes).toEqual([...Array(20).fill('InvalidToken'), ...Array(5).fill('RateLimit')]);
  });

  it('counts only failures, and opens again when the window ends', async () => {
    const server = await startServer({
      rateLimits: { failedAuthorizations: { minutely: 2, hourly: 100 }, minuteMs: 300 },
    });
    const raw = await RawSocket.open(server.url);
    for (let i = 0; i < 5; i++)
      expect((await raw.answered({ authorize: server.demoToken })).authorize.loginid).toBe('VRTC1000001');
    expect((await raw.request({ authorize: 'NoSuchToken1234' })).error.code).toBe('InvalidToken');
    expect((await raw.request({ authorize: 'NoSuchToken1234' })).error.code).toBe('InvalidToken');
    expect((await raw.request({ authorize: server.demoToken })).error).toEqual(refused);
    await new Promise((resolve) => setTimeout(resolve, 320));
    expect((await raw.answered({ authorize: server.demoToken })).authorize.loginid).toBe('VRTC1000001');
  });

  it('keeps its windows on the wall clock, however fast the market runs', async () => {
    // A market minute passes in 60 ms of real time here: a window on the market clock would have ended.
    const server = await startServer({
      clock: acceleratedClock(1_000),
      rateLimits: { failedAuthorizations: { minutely: 2, hourly: 100 } },
    });
    const raw = await RawSocket.open(server.url);
    for (let i = 0; i < 2; i++)
      expect((await raw.request({ authorize: 'NoSuchToken1234' })).error.code).toBe('InvalidToken');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await raw.request({ authorize: server.demoToken })).error).toEqual(refused);
  });
});
