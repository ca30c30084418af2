import { roundMoney } from './money.js';
import type { MultiplierSpec } from './multiplier-spec.js';
import { notional } from './multiplier-value.js';
import { moneyText } from './trading-errors.js';

/**
 * `MULTUP_SYMBOL_STAKE_MULTIPLIER_START_EXPIRY` (docs/trading.md, "Multipliers"), e.g.
 * `MULTUP_R_100_10.00_10_1754939094_0`: a multiplier has no expiry, written as 0 (our choice).
 */
export function multiplierShortcode(spec: MultiplierSpec): string {
  return [
    spec.contractType,
    spec.symbol.symbol,
    moneyText(spec.stake),
    String(spec.multiplier),
    String(spec.dateStart),
    '0',
  ].join('_');
}

/**
 * In the words of Deriv's multiplier guide, with the notional as the figure: 'If you select "Up",
 * your total profit/loss will be the percentage increase in Volatility 100 Index, multiplied by
 * 100, minus commissions.' (our wording of it; docs/trading.md).
 */
export function multiplierLongcode(spec: MultiplierSpec): string {
  const [side, change] = spec.contractType === 'MULTUP' ? ['Up', 'increase'] : ['Down', 'decrease'];
  return `If you select "${side}", your total profit/loss will be the percentage ${change} in ${spec.symbol.displayName}, multiplied by ${roundMoney(notional(spec))}, minus commissions.`;
}
