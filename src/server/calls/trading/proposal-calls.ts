import { CALLS } from '../../../protocol/calls.js';
import { callSchema } from '../../schemas.js';
import { openStream } from '../../streams/open-stream.js';
import { newSubscriptionId } from '../../streams/subscription-id.js';
import { contractsFor as contractsForPayload } from '../../trading/contracts-for.js';
import { validateTrade } from '../../trading/validate-trade.js';
import { Reply, type CallContext, type CallDefinition } from '../types.js';
import { proposalSlot } from './proposal-book.js';
import { withId } from './proposal-fields.js';
import { priceOnTick } from './proposal-prices.js';
import { priceTrade, pricedFields, tradeTerms } from './trade-pricing.js';
import { accepted, contractKey, isConstantPrice, marketIntervals, spotOf } from './pricing-context.js';

/** The contract parameters a proposal (and `buy`'s `parameters`) may carry; validateContract checks their meaning. */
export const CONTRACT_PARAMETERS = {
  amount: { type: 'number', minimum: 0 },
  basis: { type: 'string', enum: ['payout', 'stake'] },
  contract_type: { type: 'string' },
  currency: { type: 'string', pattern: '^[a-zA-Z0-9]{2,20}$' },
  date_expiry: { type: 'integer', minimum: 1 },
  date_start: { type: 'integer', minimum: 0 },
  duration: { type: 'integer', minimum: 0, maximum: 99_999_999 },
  duration_unit: { type: 'string', enum: ['d', 'm', 's', 'h', 't'] },
  barrier: { type: 'string', pattern: '^(?=.{1,20}$)[+-]?[0-9]+\\.?[0-9]*$' },
  barrier2: { type: 'string', pattern: '^(?=.{1,20}$)[+-]?[0-9]+\\.?[0-9]*$' },
  product_type: { type: 'string', enum: ['basic'] },
  symbol: { type: 'string', pattern: '^\\w{2,30}$' },
  multiplier: { type: 'number', minimum: 0 },
  limit_order: {
    type: 'object',
    properties: { take_profit: { type: 'number' }, stop_loss: { type: 'number' } },
    additionalProperties: false,
  },
  cancellation: { type: 'string' },
  growth_rate: { type: 'number' },
} as const;

export const contractsFor: CallDefinition = {
  name: 'contracts_for',
  schema: callSchema(CALLS.get('contracts_for')!, {
    properties: {
      currency: { type: 'string', pattern: '^[a-zA-Z0-9]{2,20}$' },
      landing_company: { type: 'string', enum: ['iom', 'malta', 'maltainvest', 'svg', 'virtual', 'vanuatu'] },
      landing_company_short: { type: 'string', enum: ['iom', 'malta', 'maltainvest', 'svg', 'virtual', 'vanuatu'] },
      product_type: { type: 'string', enum: ['basic'] },
    },
  }),
  /** The offerings table as `contracts_for` shows it: the same rows validation checks proposals against. */
  handle: ({ args, services }) => {
    const { market, clock } = services;
    const symbol = args.contracts_for as string;
    const now = Math.floor(clock.now() / 1000);
    const spot = market.spec(symbol) ? spotOf(market, symbol).spot : 0;
    const landingCompany = (args.landing_company_short ?? args.landing_company) as string | undefined;
    return accepted(
      contractsForPayload(symbol, {
        now,
        spot,
        intervals: marketIntervals(market),
        ...(landingCompany ? { landingCompany } : {}),
      }),
      'contracts_for',
    );
  },
};

/** Prices the request's contract now: validated against the offerings table, at the latest spot. */
export function priceNow(context: Pick<CallContext, 'services'>, parameters: Record<string, unknown>, msgType: string) {
  const { market, clock, tradingOptions } = context.services;
  const now = Math.floor(clock.now() / 1000);
  const spec = accepted(
    validateTrade(parameters, { now, intervals: marketIntervals(market) }, tradingOptions),
    msgType,
  );
  const { spot, epoch } = spotOf(market, spec.symbol.symbol);
  const priced = accepted(priceTrade(spec, { spot, now }, tradingOptions), msgType);
  return { priced, spot, epoch, now };
}

export const proposal: CallDefinition = {
  name: 'proposal',
  schema: callSchema(CALLS.get('proposal')!, { properties: CONTRACT_PARAMETERS, subscribe: [1] }),
  /**
   * Prices a contract and keeps it on the connection under a new id, so `buy` can name it (even
   * without `subscribe`). With `subscribe`, the price is sent again on every tick of the symbol,
   * under the same id; contracts of constant price get an id and no updates.
   */
  handle: (context) => {
    const { args, services, connection } = context;
    const priced = priceNow(context, args, 'proposal');
    const book = connection.state(proposalSlot);
    const key = contractKey(args);
    const fields = pricedFields(priced.priced, priced.spot, priced.epoch);
    if (args.subscribe !== 1) {
      // Asked again without subscribe: the same id, priced now.
      const earlier = book.byKey(key);
      const id = earlier && !earlier.streamed ? earlier.id : newSubscriptionId();
      book.remove(id);
      book.add({ id, key, priced: priced.priced, streamed: false });
      return new Reply('proposal', { proposal: withId(fields, id) });
    }
    const streamKey = `proposal:${key}`;
    connection.streams.assertNotSubscribed(streamKey, 'You are already subscribed to proposal.', 'proposal');
    const { market, clock, tradingOptions } = services;
    const { spec } = priced.priced;
    const symbol = spec.symbol.symbol;
    const terms = tradeTerms(spec);
    let streamId = '';
    streamId = openStream(context, {
      key: streamKey,
      listen: (deliver) => {
        const stopPricing = isConstantPrice(spec)
          ? () => {}
          : market.feed(symbol).onTick((tick) => {
              const entry = book.get(streamId);
              if (!entry) return;
              // The tick the feed priced once for every listener: asking the market again would
              // price it again for each stream (and a loop that runs past the second, the next one).
              // Streams with the same terms share one price and one payload per tick (proposal-prices.ts).
              const now = Math.floor(clock.now() / 1000);
              const price = priceOnTick(terms, entry.priced.spec, tick, now, tradingOptions);
              // A price that fails now (a payout past the limit at this spot) keeps the last one: the stream stays.
              if (price === undefined) return;
              entry.priced = price.priced;
              deliver(price.payload);
            });
        return () => {
          stopPricing();
          book.remove(streamId);
        };
      },
    });
    book.add({ id: streamId, key, priced: priced.priced, streamed: true });
    return new Reply('proposal', { proposal: withId(fields, streamId), subscription: { id: streamId } });
  },
};
