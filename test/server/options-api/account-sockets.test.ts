import { describe, expect, it } from 'vitest';
import { RawSocket } from '../../support/raw-socket.js';
import { connectAs } from '../trading/sandbox.js';
import { DEMO_TOKEN, otpUrl, startRestServer } from './fixture.js';

const MULTUP = { contract_type: 'MULTUP', currency: 'USD', basis: 'stake', amount: 10, multiplier: 100 };

/** The new API's account calls on a socket opened with an OTP, as a client opens it. */
describe('account sockets speak the new API', () => {
  it('answer balance in its shape, refuse authorize and loginid', async () => {
    const server = await startRestServer({ rateLimits: false });
    const raw = await RawSocket.open(await otpUrl(server, 'VRTC800001'));
    expect((await raw.answered({ balance: 1 })).balance).toEqual({
      balance: 10_000,
      currency: 'USD',
      loginid: 'VRTC800001',
    });
    expect((await raw.request({ authorize: DEMO_TOKEN })).error.code).toBe('UnrecognisedRequest');
    expect((await raw.request({ balance: 1, loginid: 'VRTC800001' })).error.code).toBe('InputValidationFailed');
  });

  it('keep one ledger with v3: a buy on either shows in the other statement of the account', async () => {
    const server = await startRestServer({ rateLimits: false });
    const options = await RawSocket.open(await otpUrl(server, 'VRTC800001'));
    const v3 = await connectAs(server.url, DEMO_TOKEN);
    const onOptions = await options.requestById({
      buy: '1',
      price: 10,
      parameters: { ...MULTUP, underlying_symbol: 'R_100' },
      req_id: 1,
    });
    const onV3 = await v3.requestById({ buy: '1', price: 10, parameters: { ...MULTUP, symbol: 'R_100' }, req_id: 2 });
    const ids = (reply: Record<string, any>) =>
      reply.statement.transactions.map((row: { transaction_id: number }) => row.transaction_id);
    const v3Ids = ids(await v3.requestById({ statement: 1, req_id: 3 }));
    expect(v3Ids).toEqual(expect.arrayContaining([onOptions.buy.transaction_id, onV3.buy.transaction_id]));
    expect(ids(await options.requestById({ statement: 1, req_id: 3 }))).toEqual(v3Ids);
    const [contract] = (await options.requestById({ portfolio: 1, req_id: 4 })).portfolio.contracts.filter(
      (row: { contract_id: number }) => row.contract_id === onV3.buy.contract_id,
    );
    expect(contract).toMatchObject({ underlying_symbol: 'R_100' });
  });
});
