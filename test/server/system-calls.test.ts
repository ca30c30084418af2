import { describe, expect, it } from 'vitest';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';
import { systemClock } from '../../src/server/index.js';

describe('ping, time and website_status', () => {
  it('ping answers pong with the full envelope', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ ping: 1, req_id: 12, passthrough: { tag: 'a' } })).toEqual({
      echo_req: { ping: 1, req_id: 12, passthrough: { tag: 'a' } },
      msg_type: 'ping',
      ping: 'pong',
      req_id: 12,
      passthrough: { tag: 'a' },
    });
  });

  it('time answers the server clock in whole seconds', async () => {
    const server = await startServer({ clock: { ...systemClock, now: () => 1_700_000_123_987 } });
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ time: 1 })).toEqual({ echo_req: { time: 1 }, msg_type: 'time', time: 1_700_000_123 });
  });

  it('website_status publishes the api_call_limits of the real server', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({ website_status: 1 });
    expect(reply.msg_type).toBe('website_status');
    expect(reply.website_status.api_call_limits).toEqual({
      max_proposal_subscription: { applies_to: 'subscribing to proposal concurrently', max: 5 },
      max_requestes_general: { applies_to: 'rest of the available calls', hourly: 14_400, minutely: 180 },
      max_requests_outcome: { applies_to: 'portfolio, statement and proposal', hourly: 1_500, minutely: 25 },
      max_requests_pricing: { applies_to: 'proposal and proposal_open_contract', hourly: 3_600, minutely: 80 },
    });
    expect(reply.website_status.currencies_config.USD).toMatchObject({ fractional_digits: 2, type: 'fiat' });
    expect(reply.website_status.site_status).toBe('up');
  });

  it('website_status accepts subscribe 0 and 1 but nothing else', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect((await raw.answered({ website_status: 1, subscribe: 0 })).msg_type).toBe('website_status');
    expect((await raw.request({ website_status: 1, subscribe: 2 })).error.details).toEqual({
      subscribe: 'Not in enum list: 0, 1.',
    });
  });
});
