import type { PricingMoment } from '../../trading/theoretical-probability.js';
import type { AccumulatorSpec } from '../../trading/accumulator-spec.js';
import { contractTerms, startedAt, type ContractSpec } from '../../trading/contract-spec.js';
import { multiplierAsk, type MultiplierSpec } from '../../trading/multiplier-spec.js';
import { isBinarySpec, isMultiplierSpec, type TradeSpec } from '../../trading/trade-spec.js';
import { quoteContract, type Quote } from '../../trading/quote.js';
import { ok, type Checked } from '../../trading/trading-errors.js';
import type { TradingOptions } from '../../trading/trading-options.js';
import { accumulatorProposalFields } from './accumulator-proposal-fields.js';
import { multiplierProposalFields } from './multiplier-proposal-fields.js';
import { proposalFields } from './proposal-fields.js';

/**
 * A priced proposal of any kind: a binary with its quote, or a multiplier or an accumulator,
 * whose price is fixed by its terms (the stake, and a multiplier's cancellation fee) and needs no
 * quote. The proposal calls, their streams and `buy` handle all three through these functions.
 */
export type PricedTrade =
  | { readonly kind: 'binary'; readonly spec: ContractSpec; readonly quote: Quote }
  | { readonly kind: 'multiplier'; readonly spec: MultiplierSpec }
  | { readonly kind: 'accumulator'; readonly spec: AccumulatorSpec };

export function priceTrade(spec: TradeSpec, moment: PricingMoment, options: TradingOptions): Checked<PricedTrade> {
  if (isMultiplierSpec(spec)) return ok({ kind: 'multiplier', spec });
  if (!isBinarySpec(spec)) return ok({ kind: 'accumulator', spec });
  const quote = quoteContract(spec, moment, options);
  return quote.ok ? ok({ kind: 'binary', spec, quote: quote.value }) : quote;
}

/** The same contract started at `now` (a stream's reprice, a buy): a multiplier's or an accumulator's terms do not depend on the time. */
export function tradeStartedAt(spec: TradeSpec, now: number): TradeSpec {
  return isBinarySpec(spec) ? startedAt(spec, now) : { ...spec, dateStart: now };
}

/** What a contract is apart from when it starts, as one string (`contractTerms`): streams with the same terms share a price. */
export function tradeTerms(spec: TradeSpec): string {
  if (isBinarySpec(spec)) return contractTerms(spec);
  const { dateStart: _start, symbol, ...rest } = spec;
  return JSON.stringify({ symbol: symbol.symbol, ...rest });
}

export function askOf(priced: PricedTrade): number {
  if (priced.kind === 'binary') return priced.quote.askPrice;
  return priced.kind === 'multiplier' ? multiplierAsk(priced.spec) : priced.spec.stake;
}

/** A multiplier's or an accumulator's payout is 0: it pays its value when it closes. */
export function payoutOf(priced: PricedTrade): number {
  return priced.kind === 'binary' ? priced.quote.payout : 0;
}

/** The `proposal` payload, without its `id`. */
export function pricedFields(priced: PricedTrade, spot: number, spotTime: number): Record<string, unknown> {
  switch (priced.kind) {
    case 'binary':
      return proposalFields(priced.spec, priced.quote, spot, spotTime);
    case 'multiplier':
      return multiplierProposalFields(priced.spec, spot, spotTime);
    case 'accumulator':
      return accumulatorProposalFields(priced.spec, spot, spotTime);
  }
}
