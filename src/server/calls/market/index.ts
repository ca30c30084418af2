import { Market } from '../../market/market.js';
import type { Store } from '../../store/store.js';
import type { CallFamily } from '../family.js';
import { activeSymbols, ticks, ticksHistory } from './handlers.js';
import { storedMarketSeed } from './stored-seed.js';

export interface MarketServices {
  /** The simulated market of the `market` option: prices, history and the live feeds. */
  readonly market: Market;
}

/** The symbols, their live ticks and their history, from the market simulator, on the seed the database keeps (after the accounts family, which opens it). */
export const marketFamily: CallFamily<MarketServices> = {
  name: 'market',
  calls: [activeSymbols, ticks, ticksHistory],
  async start({ options, clock, earlier }) {
    const { store } = earlier as { store: Store };
    const seed = await storedMarketSeed(store, options.market?.seed, options);
    const market = new Market({ ...options.market, seed }, clock);
    return { services: { market }, stop: () => market.close() };
  },
};
