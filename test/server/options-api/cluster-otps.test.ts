import { describe, expect, it, onTestFinished } from 'vitest';
import { startCluster } from '../../../src/server/index.js';
import { RawSocket } from '../../support/raw-socket.js';
import { APP_ID } from './fixture.js';

describe('OTPs in a cluster on SQLite (no Redis)', () => {
  it('redeem on whichever worker the upgrade lands on, once, and every worker takes a share', async () => {
    const cluster = await startCluster({ workers: 2, rateLimits: false });
    onTestFinished(() => cluster.close());
    const base = cluster.url.replace(/^ws:/, 'http:').replace(/\/websockets\/v3.*$/, '');
    const sockets: RawSocket[] = [];
    // The REST calls ride one kept-alive connection (one worker); each upgrade is a new one, spread round-robin.
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${base}/trading/v1/options/accounts/VRTC1000001/otp`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${cluster.demoToken}`, 'Deriv-App-ID': APP_ID },
      });
      expect(response.status).toBe(200);
      const { url } = (await response.json()).data;
      const raw = await RawSocket.open(url);
      expect((await raw.answered({ balance: 1 })).balance.loginid).toBe('VRTC1000001');
      sockets.push(raw);
    }
    const stats = await cluster.stats();
    for (const worker of stats) expect(worker.connections).toBeGreaterThan(0);
  }, 30_000);
});
