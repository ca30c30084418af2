import type { PricePath } from '../market/price-path.js';
import { accumulatorLongcode, accumulatorShortcode } from './accumulator-codes.js';
import { entryEpochOf } from './accumulator-path.js';
import { longcode } from './longcode.js';
import { multiplierLongcode, multiplierShortcode } from './multiplier-codes.js';
import { multiplierEntry } from './multiplier-settlement.js';
import { isAccumulatorSpec, isMultiplierSpec, type TradeSpec } from './trade-spec.js';
import { decidedBy } from './settlement-rules.js';
import { shortcode } from './shortcode.js';
import { storedTerms } from './stored-contract.js';

/** What the store keeps of a bought contract besides its account and prices. */
export interface OrderFacts {
  readonly shortcode: string;
  readonly longcode: string;
  readonly terms: string;
  /**
   * When it may be settled at the latest: a binary's decision. A multiplier or an accumulator may
   * close at any tick from its entry on, so its entry: restarts and sweeps track it at once
   * (docs/trading.md, "Multipliers").
   */
  readonly expiryTimeMs: number;
}

export function orderFacts(spec: TradeSpec, payout: number, path: PricePath): OrderFacts {
  if (isMultiplierSpec(spec))
    return {
      shortcode: multiplierShortcode(spec),
      longcode: multiplierLongcode(spec),
      terms: storedTerms(spec),
      expiryTimeMs: multiplierEntry(path, spec).epoch * 1000,
    };
  if (isAccumulatorSpec(spec))
    return {
      shortcode: accumulatorShortcode(spec),
      longcode: accumulatorLongcode(spec),
      terms: storedTerms(spec),
      expiryTimeMs: entryEpochOf(path, spec.dateStart) * 1000,
    };
  return {
    shortcode: shortcode(spec, payout),
    longcode: longcode(spec),
    terms: storedTerms(spec),
    expiryTimeMs: decidedBy(path, spec) * 1000,
  };
}
