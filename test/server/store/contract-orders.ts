import type { ContractOrder } from '../../../src/server/store/store.js';

/** A contract order for the store's tests: the store keeps terms as the trading family's JSON, unread. */
export function contractOrder(
  loginid: string,
  buyPriceCents: number,
  overrides: Partial<ContractOrder> = {},
): ContractOrder {
  return {
    loginid,
    symbol: 'R_100',
    contractType: 'CALL',
    currency: 'USD',
    buyPriceCents,
    payoutCents: buyPriceCents * 2,
    purchaseTimeMs: 1_790_000_000_000,
    expiryTimeMs: 1_790_000_015_000,
    shortcode: `CALL_R_100_${(buyPriceCents / 50).toFixed(2)}_1790000000_1790000015_S0P_0`,
    longcode:
      'Win payout if Volatility 100 Index is strictly higher than entry spot at 15 seconds after contract start time.',
    terms: JSON.stringify({ duration: 15, unit: 's' }),
    ...overrides,
  };
}
