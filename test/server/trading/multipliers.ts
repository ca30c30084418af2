import type { MultiplierSpec } from '../../../src/server/trading/multiplier-spec.js';
import { DEFAULT_TRADING_OPTIONS } from '../../../src/server/trading/trading-options.js';
import { validateMultiplier } from '../../../src/server/trading/validate-multiplier.js';

/** A validated multiplier, as a proposal would make it. */
export function multiplier(params: Record<string, unknown> = {}): MultiplierSpec {
  const checked = validateMultiplier(
    {
      contract_type: 'MULTUP',
      symbol: 'R_100',
      currency: 'USD',
      basis: 'stake',
      amount: 10,
      multiplier: 10,
      ...params,
    },
    { now: 1_800_000_000 },
    DEFAULT_TRADING_OPTIONS,
  );
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value;
}
