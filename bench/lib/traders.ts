import type { AccountsConfig } from '../../dist/server/index.js';

/**
 * The trading figures' accounts: virtual USD accounts, each rich enough for every contract a run
 * buys on it, with tokens the load process can work out from the index (`serve --traders N`).
 */
export const TRADER_BALANCE = 100_000_000;

export const traderToken = (index: number): string => `bench-trader-token-${index}`;

export function tradersConfig(count: number): AccountsConfig {
  return {
    accounts: Array.from({ length: count }, (_, index) => ({
      loginid: `VRTC${900_000 + index}`,
      currency: 'USD',
      balance: TRADER_BALANCE,
      is_virtual: true,
      tokens: [{ token: traderToken(index), scopes: ['read', 'trade'] }],
    })),
  };
}
