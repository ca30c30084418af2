import { describe, expect, it } from 'vitest';
import { RawSocket } from '../../support/raw-socket.js';
import { useStoreFiles } from '../store/store-files.js';
import { otpUrl, startRestServer } from './fixture.js';
import { tryUpgrade } from './upgrade.js';

describe('OTPs of servers that share one SQLite file (a cluster’s workers)', () => {
  const files = useStoreFiles('otps');

  it('redeem on the other server, once for both', async () => {
    // Each server on its own connection to the file, as each worker opens it.
    const [a, b] = await Promise.all([
      startRestServer({ store: files.open(), rateLimits: false }),
      startRestServer({ store: files.open(), rateLimits: false }),
    ]);
    const url = await otpUrl(a, 'CR800002');
    const onB = url.replace(`:${a.port}/`, `:${b.port}/`);
    const raw = await RawSocket.open(onB);
    expect((await raw.answered({ balance: 1 })).balance.loginid).toBe('CR800002');
    expect(await tryUpgrade(url)).toMatchObject({ opened: false, status: 401 });
    expect(await tryUpgrade(onB)).toMatchObject({ opened: false, status: 401 });
    // Two at once, one on each: exactly one opens.
    const fresh = await otpUrl(b, 'VRTC800001');
    const outcomes = await Promise.all([tryUpgrade(fresh), tryUpgrade(fresh.replace(`:${b.port}/`, `:${a.port}/`))]);
    for (const outcome of outcomes) if (outcome.opened) outcome.socket.terminate();
    expect(outcomes.filter((outcome) => outcome.opened)).toHaveLength(1);
    // expireOtps() on the server that issued one expires it on the other too.
    const expiring = await otpUrl(a, 'VRTC800001');
    await a.expireOtps();
    expect(await tryUpgrade(expiring.replace(`:${a.port}/`, `:${b.port}/`))).toMatchObject({ status: 401 });
  });
});
