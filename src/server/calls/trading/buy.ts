import { CALLS } from '../../../protocol/calls.js';
import { ApiError } from '../../api-error.js';
import { callSchema } from '../../schemas.js';
import { InsufficientBalance } from '../../store/errors.js';
import { amountFromCents, centsFromAmount } from '../../store/money.js';
import { isBinarySpec, type TradeSpec } from '../../trading/trade-spec.js';
import { baseMarkup } from '../../trading/quote.js';
import { orderFacts } from '../../trading/trade-order.js';
import { moneyText } from '../../trading/trading-errors.js';
import type { TradingOptions } from '../../trading/trading-options.js';
import { Reply, type CallContext, type CallDefinition } from '../types.js';
import { openContractStream } from './open-contract-calls.js';
import { proposalSlot, type Proposal } from './proposal-book.js';
import { accepted, spotOf } from './pricing-context.js';
import { CONTRACT_PARAMETERS, priceNow } from './proposal-calls.js';
import { askOf, payoutOf, priceTrade, tradeStartedAt } from './trade-pricing.js';

const unknownProposal = () => new ApiError('InvalidContractProposal', 'Unknown contract proposal', undefined, 'buy');

/**
 * How far a price may move against the buyer before the buy is refused (docs/trading.md,
 * "Settlement"). A multiplier's or an accumulator's price is its stake (and a multiplier's
 * cancellation fee), which no market moves.
 */
function slippage(spec: TradeSpec, payout: number, options: TradingOptions): number {
  if (!isBinarySpec(spec)) return 0;
  return Math.max(0.5 * options.minCommission, 0.5 * baseMarkup(spec, options) * payout);
}

/** What a buy is about to pay for: the contract started now, its price and its payout. */
interface Priced {
  readonly spec: TradeSpec;
  readonly askPrice: number;
  readonly payout: number;
}

/**
 * A proposal bought by its id, priced again now. On a stake basis the payout was quoted: a better
 * one is given, a worse one within the band is honoured, beyond it `PriceMoved`.
 */
function repriced(context: Pick<CallContext, 'services'>, proposal: Proposal, now: number): Priced {
  const { market, tradingOptions } = context.services;
  const spec = tradeStartedAt(proposal.priced.spec, now);
  const { spot } = spotOf(market, spec.symbol.symbol);
  const priced = accepted(priceTrade(spec, { spot, now }, tradingOptions), 'buy');
  const [askPrice, payout, quoted] = [askOf(priced), payoutOf(priced), payoutOf(proposal.priced)];
  if (!isBinarySpec(spec) || spec.basis !== 'stake') return { spec, askPrice, payout };
  if (payout < quoted - slippage(spec, payout, tradingOptions)) throw priceMoved('payout', quoted, payout);
  return { spec, askPrice, payout: Math.max(payout, quoted) };
}

const priceMoved = (what: 'price' | 'payout', from: number, to: number) =>
  new ApiError(
    'PriceMoved',
    `The underlying market has moved too much since you priced the contract. The contract ${what} has changed from ${moneyText(from)} USD to ${moneyText(to)} USD.`,
    undefined,
    'buy',
  );

export const buy: CallDefinition = {
  name: 'buy',
  schema: callSchema(CALLS.get('buy')!, {
    properties: {
      price: { type: 'number', minimum: 0 },
      parameters: {
        type: 'object',
        properties: { ...CONTRACT_PARAMETERS, app_markup_percentage: { type: 'number' } },
        required: ['contract_type', 'currency', 'symbol'],
      },
    },
    required: ['price'],
    subscribe: [1],
  }),
  /**
   * Buys a proposal of this connection by its id (used up: its stream stops), or the contract
   * `parameters` describe with `buy: "1"`, at the price now. `price` is the most the client
   * pays: within the slippage band the buy goes through at the better price; beyond it,
   * `PriceMoved`. The stake and its buy row are one atomic step in the store.
   */
  handle: async (context) => {
    const { args, services, connection } = context;
    const { store, settler, tradingOptions, market, clock } = services;
    const loginid = connection.auth!.loginid;
    const maxPrice = args.price as number;
    const now = Math.floor(clock.now() / 1000);

    let priced: Priced;
    if (args.buy === '1') {
      if (args.parameters === undefined)
        throw new ApiError(
          'ContractCreationFailure',
          'Missing required contract parameters (bet_type).',
          undefined,
          'buy',
        );
      const fresh = priceNow(context, args.parameters as Record<string, unknown>, 'buy').priced;
      priced = { spec: fresh.spec, askPrice: askOf(fresh), payout: payoutOf(fresh) };
    } else {
      const book = connection.state(proposalSlot);
      const proposal = book.get(args.buy as string);
      if (!proposal) throw unknownProposal();
      // Used up whatever happens next: a refused buy is asked for again with a new proposal.
      book.remove(proposal.id);
      if (proposal.streamed) connection.streams.forget(proposal.id);
      priced = repriced(context, proposal, now);
    }
    const band = slippage(priced.spec, priced.payout, tradingOptions);
    if ((!isBinarySpec(priced.spec) || priced.spec.basis === 'stake') && priced.askPrice > maxPrice) {
      throw new ApiError(
        'ContractCreationFailure',
        "Contract's stake amount is more than the maximum purchase price.",
        undefined,
        'buy',
      );
    }
    if (priced.askPrice > maxPrice + band) throw priceMoved('price', maxPrice, priced.askPrice);
    const askPrice = Math.min(priced.askPrice, Math.max(maxPrice, 0));
    if (context.abandoned) throw new ApiError('Timeout', 'The request timed out.', undefined, 'buy');

    const { spec, payout } = priced;
    let bought: Awaited<ReturnType<typeof store.buyContract>>;
    try {
      bought = await store.buyContract({
        loginid,
        symbol: spec.symbol.symbol,
        contractType: spec.contractType,
        currency: spec.currency,
        buyPriceCents: centsFromAmount(askPrice),
        payoutCents: centsFromAmount(payout),
        purchaseTimeMs: now * 1000,
        ...orderFacts(spec, payout, market.path(spec.symbol.symbol)),
      });
    } catch (error) {
      if (error instanceof InsufficientBalance) {
        const balance = moneyText(amountFromCents(error.balanceCents));
        throw new ApiError(
          'InsufficientBalance',
          `Your account balance (${balance} ${error.currency}) is insufficient to buy this contract (${moneyText(askPrice)} ${error.currency}).`,
          undefined,
          'buy',
        );
      }
      throw error;
    }
    const { contract, row } = bought;
    // The spec its terms were written from: the settler need not parse them back.
    settler.track(contract, spec);
    const fields: Record<string, unknown> = {
      buy: {
        balance_after: amountFromCents(row.balanceAfterCents),
        buy_price: askPrice,
        contract_id: contract.contractId,
        longcode: contract.longcode,
        payout,
        purchase_time: now,
        shortcode: contract.shortcode,
        start_time: now,
        transaction_id: row.transactionId,
      },
    };
    if (args.subscribe === 1) fields.subscription = { id: openContractStream(context, contract) };
    return new Reply('buy', fields);
  },
};
