import type { PricingMoment } from '../../trading/theoretical-probability.js';
import { contractTerms, startedAt, type ContractSpec } from '../../trading/contract-spec.js';
import { multiplierAsk, type MultiplierSpec } from '../../trading/multiplier-spec.js';
import { isMultiplierSpec, type TradeSpec } from '../../trading/trade-spec.js';
import { quoteContract, type Quote } from '../../trading/quote.js';
import { ok, type Checked } from '../../trading/trading-errors.js';
import type { TradingOptions } from '../../trading/trading-options.js';
import { multiplierProposalFields } from './multiplier-proposal-fields.js';
import { proposalFields } from './proposal-fields.js';

/**
 * A priced proposal of either kind: a binary with its quote, or a multiplier, whose price is
 * fixed by its terms (stake and cancellation fee) and needs no quote. The proposal calls, their
 * streams and `buy` handle both through these functions.
 */
export type PricedTrade =
  | { readonly kind: 'binary'; readonly spec: ContractSpec; readonly quote: Quote }
  | { readonly kind: 'multiplier'; readonly spec: MultiplierSpec };

export function priceTrade(spec: TradeSpec, moment: PricingMoment, options: TradingOptions): Checked<PricedTrade> {
  if (isMultiplierSpec(spec)) return ok({ kind: 'multiplier', spec });
  const quote = quoteContract(spec, moment, options);
  return quote.ok ? ok({ kind: 'binary', spec, quote: quote.value }) : quote;
}

/** The same contract started at `now` (a stream's reprice, a buy): a multiplier's terms do not depend on the time. */
export function tradeStartedAt(spec: TradeSpec, now: number): TradeSpec {
  return isMultiplierSpec(spec) ? { ...spec, dateStart: now } : startedAt(spec, now);
}

/** What a contract is apart from when it starts, as one string (`contractTerms`): streams with the same terms share a price. */
export function tradeTerms(spec: TradeSpec): string {
  if (!isMultiplierSpec(spec)) return contractTerms(spec);
  const { dateStart: _start, symbol, ...rest } = spec;
  return JSON.stringify({ symbol: symbol.symbol, ...rest });
}

export function askOf(priced: PricedTrade): number {
  return priced.kind === 'binary' ? priced.quote.askPrice : multiplierAsk(priced.spec);
}

/** A multiplier's payout is 0: it pays its value when it closes. */
export function payoutOf(priced: PricedTrade): number {
  return priced.kind === 'binary' ? priced.quote.payout : 0;
}

/** The `proposal` payload, without its `id`. */
export function pricedFields(priced: PricedTrade, spot: number, spotTime: number): Record<string, unknown> {
  return priced.kind === 'binary'
    ? proposalFields(priced.spec, priced.quote, spot, spotTime)
    : multiplierProposalFields(priced.spec, spot, spotTime);
}
