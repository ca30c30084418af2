import { expect } from 'vitest';
import type { AccountsConfig, ServerOptions } from '../../../src/server/index.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RawSocket } from '../../support/raw-socket.js';
import { startServer } from '../../support/servers.js';

export const TRADER = 'a1-SellTraderTokenAbcdefghijklm';
export const OTHER = 'a1-OtherTraderTokenAbcdefghijkl';
export const REAL = 'a1-RealTraderTokenAbcdefghijklm';

/** Two demo accounts of 10 000 and a real one, each with a read-and-trade token. */
export const TRADING_ACCOUNTS: AccountsConfig = {
  accounts: [
    {
      loginid: 'VRTC700001',
      currency: 'USD',
      balance: 10_000,
      is_virtual: true,
      tokens: [{ token: TRADER, scopes: ['read', 'trade'] }],
    },
    {
      loginid: 'VRTC700002',
      currency: 'USD',
      balance: 10_000,
      is_virtual: true,
      tokens: [{ token: OTHER, scopes: ['read', 'trade'] }],
    },
    {
      loginid: 'CR700003',
      currency: 'USD',
      balance: 500,
      is_virtual: false,
      tokens: [{ token: REAL, scopes: ['read', 'trade'] }],
    },
  ],
};

/** An even epoch second: R_100 ticks fall on even seconds, so the entry tick of a buy made in it is 2 s later. */
export const START = Math.floor(Date.now() / 2000) * 2;

export const CALL_5M = {
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  duration: 5,
  duration_unit: 'm',
};
export const CALL_1T = { ...CALL_5M, amount: 1, duration: 1, duration_unit: 't' };

/**
 * A server on a clock the test moves, at 100 ms into START, on a seeded market, and a connection
 * authorized as the trader. Rate limits off: these tests count replies, not budgets.
 */
export async function sandbox(options: ServerOptions = {}) {
  const clock = new ManualClock(START * 1000 + 100);
  const server = await startServer({
    clock,
    market: { seed: 5 },
    accounts: TRADING_ACCOUNTS,
    rateLimits: false,
    ...options,
  });
  const raw = await RawSocket.open(server.url);
  await raw.answered({ authorize: TRADER });
  return { clock, server, raw };
}

/** Another connection to the server, authorized with `token`. */
export async function connectAs(url: string, token: string): Promise<RawSocket> {
  const raw = await RawSocket.open(url);
  await raw.answered({ authorize: token });
  return raw;
}

/** Buys `parameters` now with `buy: "1"`, at its stake as the maximum price. */
let buyReqId = 900_000;

/** Buys at the stake; by `req_id`, since the account's stream messages may come before the reply. */
export async function buyNow(raw: RawSocket, parameters: Record<string, unknown>) {
  const reply = await raw.requestById({ buy: '1', price: parameters.amount, parameters, req_id: ++buyReqId });
  expect(reply.error, 'error reply to buy').toBeUndefined();
  return reply.buy;
}

export async function viewOf(raw: RawSocket, contractId: number) {
  return (await raw.answered({ proposal_open_contract: 1, contract_id: contractId })).proposal_open_contract;
}
