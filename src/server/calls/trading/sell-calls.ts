import { CALLS } from '../../../protocol/calls.js';
import { ApiError, apiErrors } from '../../api-error.js';
import { callSchema } from '../../schemas.js';
import { amountFromCents, centsFromAmount } from '../../store/money.js';
import { decimalPlaces, MONEY_DECIMALS } from '../../trading/money.js';
import { baseMarkup } from '../../trading/quote.js';
import { barrierPrice, outcomeAt } from '../../trading/settlement-rules.js';
import { isAccumulatorSpec, isMultiplierSpec } from '../../trading/trade-spec.js';
import type { StoredOutcome } from '../../trading/settler.js';
import { tradeFromTerms } from '../../trading/stored-contract.js';
import { moneyText, tradingApiError } from '../../trading/trading-errors.js';
import type { TradingOptions } from '../../trading/trading-options.js';
import type { CallDefinition } from '../types.js';
import { sellAccumulator } from './accumulator-sale.js';
import { openBid, sellability } from './contract-view.js';
import { sellMultiplier } from './multiplier-sale.js';
import { saleReceipt, unknownSellProposal } from './sale-replies.js';

/** How far the bid may fall below the client's floor before the sale is refused (docs/trading.md, "Settlement"). */
function sellSlippage(payout: number, markup: number, options: TradingOptions): number {
  return Math.max(0.5 * options.minCommission, 0.5 * markup * payout);
}

export const sell: CallDefinition = {
  name: 'sell',
  schema: callSchema(CALLS.get('sell')!, {
    properties: { price: { type: 'number', minimum: 0 }, loginid: { type: 'string' } },
    required: ['price'],
  }),
  /**
   * Sells an open contract of the account. `price` is the least the client takes (0: at
   * market): within the slippage band below it the sale goes through at the bid now; beyond
   * it, `PriceMoved`. A contract the market has decided sells at its outcome, through the
   * settler. The store credits each contract once, so of two sales that race, one is refused.
   */
  handle: async (context) => {
    const { args, services, connection } = context;
    const { store, settler, market, clock, tradingOptions } = services;
    const loginid = connection.auth!.loginid;
    const contractId = args.sell as number;
    const floor = args.price as number;
    if (decimalPlaces(floor) > MONEY_DECIMALS) {
      throw new ApiError(
        'InvalidPrice',
        'Invalid price. Price provided can not have more than 2 decimal places.',
        undefined,
        'sell',
      );
    }
    const record = Number.isSafeInteger(contractId) && contractId > 0 ? await store.contract(contractId) : undefined;
    // Another account's contract is not there at all, as far as this one can tell.
    if (!record || record.loginid !== loginid || record.sale) throw unknownSellProposal();

    const traded = tradeFromTerms(record.terms);
    if (isMultiplierSpec(traded)) return sellMultiplier(context, record, traded);
    if (isAccumulatorSpec(traded)) return sellAccumulator(context, record, traded);
    const now = Math.floor(clock.now() / 1000);
    const spec = traded;
    const path = market.path(spec.symbol.symbol);
    if (outcomeAt(path, spec, spec.symbol.pipSize, now)) {
      const settled = await settler.settle(record);
      // Decided, yet not sold: the store could not take the sale (the settler logged why).
      if (!settled) throw apiErrors.internal();
      return saleReceipt(settled);
    }

    const { bid, spot, entry } = openBid(spec, amountFromCents(record.payoutCents), path, now, tradingOptions);
    const refusal = sellability(spec, record, now, entry !== undefined, false);
    if (refusal) throw new ApiError('InvalidtoSell', refusal.message, undefined, 'sell');
    if (!bid.ok) throw tradingApiError(bid.error, 'sell');
    const price = bid.value.bidPrice;
    const band = sellSlippage(amountFromCents(record.payoutCents), baseMarkup(spec, tradingOptions), tradingOptions);
    if (price < floor - band) {
      throw new ApiError(
        'PriceMoved',
        `The underlying market has moved too much since you priced the contract. The contract sell price has changed from ${moneyText(floor)} USD to ${moneyText(price)} USD.`,
        undefined,
        'sell',
      );
    }
    // Nobody waits for the reply any more (Timeout, or the connection closed): nothing is sold.
    if (context.abandoned) throw new ApiError('Timeout', 'The request timed out.', undefined, 'sell');
    const outcome: StoredOutcome = {
      status: 'sold',
      entry: entry!,
      exit: spot,
      barrier: barrierPrice(spec, entry!.quote, spec.symbol.pipSize),
    };
    const sale = await store.sellContract({
      contractId: record.contractId,
      sellPriceCents: centsFromAmount(price),
      sellTimeMs: now * 1000,
      outcome: JSON.stringify(outcome),
      held: record,
    });
    return saleReceipt(sale);
  },
};

export const sellExpired: CallDefinition = {
  name: 'sell_expired',
  schema: callSchema(CALLS.get('sell_expired')!, { properties: { loginid: { type: 'string' } } }),
  /** Settles every contract of the account the market has decided; `count` is how many this call sold. */
  handle: async ({ services, connection }) => ({
    count: await services.settler.settleDecided(connection.auth!.loginid),
  }),
};
