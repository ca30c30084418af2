import type { ContractSpec } from './contract-spec.js';
import { roundMoney } from './money.js';
import { theoreticalProbability, type PricingMoment } from './theoretical-probability.js';
import { ok, refused, tradingErrors, type Checked } from './trading-errors.js';
import { DEFAULT_TRADING_OPTIONS, type TradingOptions } from './trading-options.js';

/** The house's markup for a contract, as a probability, before the minimum commission. */
export function baseMarkup(contract: ContractSpec, options: TradingOptions): number {
  switch (contract.trade.category) {
    case 'digits':
      return options.digitsMarkup;
    case 'touchnotouch':
      return options.touchMarkup + (contract.expiryType === 'tick' ? options.tickTouchSurcharge : 0);
    case 'callput':
    case 'callputequal':
      return options.riseFallMarkup;
  }
}

/** The markup on a payout: the base one, or the minimum commission over the payout if that is more (docs/trading.md, "Pricing"). */
export function markupFor(contract: ContractSpec, payout: number, options: TradingOptions): number {
  return Math.max(baseMarkup(contract, options), options.minCommission / payout);
}

export function maxPayoutFor(contract: ContractSpec, options: TradingOptions): number {
  return contract.trade.category === 'digits' ? options.maxDigitsPayout : options.maxPayout;
}

export interface Quote {
  /** What the client pays: the stake. */
  readonly askPrice: number;
  readonly payout: number;
  readonly theoProbability: number;
  /** askPrice / payout: theo + markup, as rounded to cents. */
  readonly askProbability: number;
  /** The absolute barrier priced against (the spot for ATM contracts); none for digits. */
  readonly barrier?: number;
}

/**
 * The payout a stake buys. The ask on payout P is theo·P + max(markup·P, minCommission) + app·P, which
 * grows with P, so the stake fixes one P: stake / (theo + markup + app) while the markup covers the
 * minimum commission, else (stake − minCommission) / (theo + app). The smaller of the two is that one.
 */
function payoutForStake(stake: number, theo: number, markup: number, minCommission: number, appMarkup: number): number {
  const withMarkup = stake / Math.min(1, theo + markup + appMarkup);
  const withMinimum = theo + appMarkup > 0 ? (stake - minCommission) / (theo + appMarkup) : Number.POSITIVE_INFINITY;
  return Math.max(0, Math.min(withMarkup, withMinimum));
}

/**
 * Prices a validated contract: payout basis gives ask = round2((theo + markup) × payout), stake
 * basis gives payout = round2(stake / (theo + markup)) (docs/trading.md, "Pricing"); then the limits, with
 * the real server's texts: min stake, max payout (digits less), and no contract that costs its payout.
 */
export function quoteContract(
  contract: ContractSpec,
  moment: PricingMoment,
  options: TradingOptions = DEFAULT_TRADING_OPTIONS,
): Checked<Quote> {
  const theoretical = theoreticalProbability(contract, moment);
  if (!theoretical.ok) return theoretical;
  const theo = theoretical.value.probability;
  const maxPayout = maxPayoutFor(contract, options);
  const level = theoretical.value.barrier;
  const barrier = level === undefined || contract.trade.category === 'digits' ? {} : { barrier: level };
  // The app's markup is on top of the house's, on the ask only: a sale back is priced without it.
  const appMarkup = contract.appMarkup ?? 0;

  let askPrice: number;
  let payout: number;
  if (contract.basis === 'payout') {
    payout = contract.amount;
    const askProbability = Math.min(1, theo + markupFor(contract, payout, options) + appMarkup);
    askPrice = roundMoney(askProbability * payout);
    if (askPrice < options.minStake)
      return refused(tradingErrors.stakeOutsideRange(options.minStake, maxPayout, askPrice));
  } else {
    askPrice = contract.amount;
    if (askPrice < options.minStake)
      return refused(tradingErrors.stakeOutsideRange(options.minStake, maxPayout, askPrice));
    payout = roundMoney(
      payoutForStake(askPrice, theo, baseMarkup(contract, options), options.minCommission, appMarkup),
    );
  }
  if (payout > maxPayout) return refused(tradingErrors.payoutOutsideRange(options.minStake, maxPayout, payout));
  if (askPrice >= payout) return refused(tradingErrors.noReturn());
  return ok({ askPrice, payout, theoProbability: theo, askProbability: askPrice / payout, ...barrier });
}
