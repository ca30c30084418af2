import type { ContractSpec } from './contract-spec.js';
import { roundMoney } from './money.js';
import { markupFor } from './quote.js';
import { theoreticalProbability, type PricingMoment } from './theoretical-probability.js';
import { ok, type Checked } from './trading-errors.js';
import { DEFAULT_TRADING_OPTIONS, type TradingOptions } from './trading-options.js';

export interface Bid {
  /** What selling now pays: in [0, payout], in cents. */
  readonly bidPrice: number;
  readonly theoProbability: number;
  /** The outcome is known (expired or touched): the bid is the payout or 0, with no markup. */
  readonly decided: boolean;
}

/**
 * The sell-back price of an open contract: the same contract priced at the current spot and
 * time, less the markup it was sold with, floored at 0 and capped at the payout. Deriv takes it
 * from a "bid probability" whose source we did not read; theo − markup is the reference's
 * inference by symmetry with the ask (docs/trading.md, "Pricing"). Once the outcome is decided the bid is its value.
 * `moment.entrySpot` fixes relative barriers once the entry tick is known.
 */
export function bidPrice(
  contract: ContractSpec,
  payout: number,
  moment: Required<Pick<PricingMoment, 'spot' | 'now'>> & PricingMoment,
  options: TradingOptions = DEFAULT_TRADING_OPTIONS,
): Checked<Bid> {
  const theoretical = theoreticalProbability(contract, moment);
  if (!theoretical.ok) return theoretical;
  const { probability, decided } = theoretical.value;
  const bidProbability = decided ? probability : probability - markupFor(contract, payout, options);
  const price = roundMoney(Math.min(1, Math.max(0, bidProbability)) * payout);
  return ok({ bidPrice: Math.min(payout, price), theoProbability: probability, decided });
}
