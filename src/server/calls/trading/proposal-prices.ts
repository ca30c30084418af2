import type { Tick } from '../../market/tick.js';
import type { TradeSpec } from '../../trading/trade-spec.js';
import type { TradingOptions } from '../../trading/trading-options.js';
import { sharePayload, type SharedPayload } from '../../streams/stream-message.js';
import { idBefore } from './proposal-fields.js';
import { priceTrade, pricedFields, tradeStartedAt, type PricedTrade } from './trade-pricing.js';

/** A streamed proposal's price on one tick: the contract restarted then, priced, and the message's shared part. */
export interface TickPrice {
  readonly priced: PricedTrade;
  /** The `proposal` payload serialised around its `id`, which each stream splices in (stream-message.ts). */
  readonly payload: SharedPayload;
}

/** One distinct contract's price on a tick, at the second it was worked out; undefined when pricing failed. */
interface Priced {
  readonly now: number;
  readonly price: TickPrice | undefined;
}

/**
 * Every proposal stream of a symbol is handed the same tick object, and streams with the same
 * terms (`contractTerms`) would price the same contract at the same spot. So each distinct
 * contract is priced and serialised once per tick, by the first of its streams, and kept with the
 * tick, as Deriv's pricer keeps one pricing channel per distinct parameter set; the other
 * streams only add their own `id` and envelope. A tick is one server's (its market's feed), so
 * one server's trading options price it.
 */
const pricedOn = new WeakMap<Tick, Map<string, Priced>>();

/**
 * The price of the contract `spec` (with `terms`) on `tick` at second `now`: worked out again only
 * if no stream of the same terms has priced it on this tick at this second (a send loop that runs
 * into the next second prices the streams after it at that second, as each on its own would).
 */
export function priceOnTick(
  terms: string,
  spec: TradeSpec,
  tick: Tick,
  now: number,
  options: TradingOptions,
): TickPrice | undefined {
  let prices = pricedOn.get(tick);
  if (prices === undefined) pricedOn.set(tick, (prices = new Map()));
  const known = prices.get(terms);
  if (known?.now === now) return known.price;
  const price = priceAt(spec, tick, now, options);
  prices.set(terms, { now, price });
  return price;
}

function priceAt(spec: TradeSpec, tick: Tick, now: number, options: TradingOptions): TickPrice | undefined {
  const { quote: spot, epoch } = tick;
  const priced = priceTrade(tradeStartedAt(spec, now), { spot, now }, options);
  if (!priced.ok) return undefined;
  const fields = pricedFields(priced.value, spot, epoch);
  return { priced: priced.value, payload: sharePayload(fields, idBefore(fields)) };
}
