import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONS_LIMITS } from '../../../src/protocol/options-api.js';
import type { LocalServer } from '../../../src/server/index.js';
import { RawSocket } from '../../support/raw-socket.js';
import { REDIS_SERVER_PATH, startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { otpUrl, startRestServer } from './fixture.js';
import { tryUpgrade } from './upgrade.js';

let redis: RedisServer | undefined;
let fleets = 0;

/** Two nodes of a new fleet on the one redis-server. */
async function twoNodes(): Promise<[LocalServer, LocalServer]> {
  const prefix = `rest${++fleets}:`;
  const node = () => startRestServer({ redis: { url: redis!.url, prefix }, rateLimits: false });
  const a = await node();
  return [a, await node()];
}

/** The OTP URL node A handed out, pointed at node B (as a load balancer in front of both would send it). */
const onNode = (url: string, node: LocalServer) => url.replace(/:\d+\//, `:${node.port}/`);

describe.skipIf(REDIS_SERVER_PATH === undefined)('OTPs on a fleet on Redis', () => {
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());

  it('redeem on another node than the one that issued them, once in the whole fleet', async () => {
    const [a, b] = await twoNodes();
    const url = await otpUrl(a, 'VRTC800001');
    const raw = await RawSocket.open(onNode(url, b));
    expect((await raw.answered({ balance: 1 })).balance.loginid).toBe('VRTC800001');
    for (const node of [a, b])
      expect(await tryUpgrade(onNode(url, node))).toMatchObject({ opened: false, status: 401 });
    // A demo OTP is no good on the real path on any node either.
    const demo = await otpUrl(b, 'VRTC800001');
    expect(await tryUpgrade(onNode(demo, a).replace('/ws/demo', '/ws/real'))).toMatchObject({ status: 401 });
  });

  it('expireOtps() on the node that issued them expires them for the whole fleet', async () => {
    const [a, b] = await twoNodes();
    const url = await otpUrl(a, 'VRTC800001');
    await a.expireOtps();
    expect(await tryUpgrade(onNode(url, b))).toMatchObject({ opened: false, status: 401 });
    const fresh = await tryUpgrade(onNode(await otpUrl(a, 'VRTC800001'), b));
    expect(fresh.opened).toBe(true);
    if (fresh.opened) fresh.socket.terminate();
  });

  it("count a user's account sockets across the fleet", async () => {
    const [a, b] = await twoNodes();
    for (let i = 0; i < OPTIONS_LIMITS.connectionsPerUser; i++)
      await RawSocket.open(await otpUrl(i < 3 ? a : b, 'VRTC800001'));
    for (const node of [a, b]) expect(await tryUpgrade(await otpUrl(node, 'CR800002'))).toMatchObject({ status: 429 });
  });
});
