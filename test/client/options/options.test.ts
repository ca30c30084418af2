import { describe, expect, it } from 'vitest';
import { DerivClient as V3Client, InvalidOptionError } from '../../../src/client/node.js';
import { DerivClient, OPTIONS_LIMITS } from '../../../src/client/options-node.js';
import { OneBudgetPacer } from '../../../src/client/rate-pacer.js';

const account = { api: 'options', appId: 'app-1', token: 'pat_x', accountId: 'DOT90004580' } as const;

function refusal(make: () => unknown): InvalidOptionError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('no error thrown');
}

describe('the new API client’s options', () => {
  it('takes an account or the public socket, with the REST and socket defaults', () => {
    const client = new DerivClient(account);
    expect(client.rest?.restUrl).toBe('https://api.derivws.com');
    expect(client.accountId).toBe('DOT90004580');
    const market = new DerivClient({ api: 'options', public: true });
    expect(market.rest).toBeUndefined();
    expect(market.accountId).toBeUndefined();
    expect(market.state.status).toBe('idle');
  });

  it('refuses what is missing or malformed, naming the option', () => {
    const { appId: _a, ...noAppId } = account;
    const { token: _t, ...noToken } = account;
    const { accountId: _i, ...noAccount } = account;
    expect(refusal(() => new DerivClient(noAppId as never)).option).toBe('appId');
    expect(refusal(() => new DerivClient(noToken as never)).option).toBe('token');
    expect(refusal(() => new DerivClient(noAccount as never)).option).toBe('accountId');
    expect(refusal(() => new DerivClient({ ...account, restUrl: 'api.derivws.com' })).option).toBe('restUrl');
    expect(refusal(() => new DerivClient({ ...account, public: 'yes' } as never)).option).toBe('public');
    expect(refusal(() => new DerivClient({ api: 'options', public: true, url: 'https://x' })).option).toBe('url');
    expect(refusal(() => new DerivClient({ ...account, rateLimit: { requestsPerSecond: 0 } })).option).toBe(
      'rateLimit.requestsPerSecond',
    );
    expect(refusal(() => new DerivClient({ ...account, requestTimeoutMs: -1 })).option).toBe('requestTimeoutMs');
    expect(refusal(() => new DerivClient({ ...account, api: 'v3' } as never)).option).toBe('api');
    // The v3 client's own checks still hold: a new-API app id is no v3 app id.
    expect(refusal(() => new V3Client({ appId: 'app-1' })).option).toBe('appId');
  });

  it('paces every call of a connection on one budget of 100 a second, whatever its v3 bucket', () => {
    const pacer = new OneBudgetPacer(OPTIONS_LIMITS.requestsPerSecond);
    const buckets = ['general', 'pricing', 'outcome'] as const;
    for (let i = 0; i < 100; i++) {
      expect(pacer.delayFor(buckets[i % 3]!, 0)).toBe(0);
      pacer.record(buckets[i % 3]!, 0);
    }
    for (const bucket of buckets) expect(pacer.delayFor(bucket, 0)).toBeGreaterThanOrEqual(1_000);
    expect(pacer.delayFor('pricing', 1_020)).toBe(0);
  });
});
