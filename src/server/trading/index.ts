/**
 * The trading sandbox's pure parts: the offerings table and what is built from it, pricing, and
 * the contract's codes. No I/O and no clock: callers pass the time and the spot.
 */
export { bidPrice, type Bid } from './bid-price.js';
export { isProposalContractType, PROPOSAL_CONTRACT_TYPES, type ProposalContractType } from './contract-types.js';
export {
  barrierLevel,
  expiryEpoch,
  isAtTheMoney,
  startedAt,
  type ContractBarrier,
  type ContractExpiry,
  type ContractSpec,
  type PriceBarrier,
} from './contract-spec.js';
export {
  contractsFor,
  type ContractsForContext,
  type ContractsForPayload,
  type ContractsForRow,
} from './contracts-for.js';
export { longcode } from './longcode.js';
export { roundMoney } from './money.js';
export {
  expiryRanges,
  isOfferedContractType,
  TRADE_TYPES,
  type OfferedContractType,
  type TradeType,
} from './offerings.js';
export { baseMarkup, markupFor, maxPayoutFor, quoteContract, type Quote } from './quote.js';
export { shortcode } from './shortcode.js';
export { theoreticalProbability, type PricingMoment, type Theoretical } from './theoretical-probability.js';
export { moneyText, tradingApiError, tradingErrors, type Checked, type TradingError } from './trading-errors.js';
export { DEFAULT_TRADING_OPTIONS, resolveTradingOptions, type TradingOptions } from './trading-options.js';
export { validateContract, type ValidationContext } from './validate-contract.js';
