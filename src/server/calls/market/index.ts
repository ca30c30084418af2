import { Market } from '../../market/market.js';
import type { CallFamily } from '../family.js';
import { activeSymbols, ticks, ticksHistory } from './handlers.js';

export interface MarketServices {
  /** The simulated market of the `market` option: prices, history and the live feeds. */
  readonly market: Market;
}

/** The symbols, their live ticks and their history, from the market simulator. */
export const marketFamily: CallFamily<MarketServices> = {
  name: 'market',
  calls: [activeSymbols, ticks, ticksHistory],
  start({ options, clock }) {
    const market = new Market(options.market ?? {}, clock);
    return { services: { market }, stop: () => market.close() };
  },
};
