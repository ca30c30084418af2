import { contractsList } from './contracts-list-call.js';
import type { Market } from '../../market/market.js';
import type { Store } from '../../store/store.js';
import { resolveTradingOptions, type TradingOptions } from '../../trading/trading-options.js';
import { Settler } from '../../trading/settler.js';
import type { AccountFeed } from '../../accounts/account-feed.js';
import type { CallFamily } from '../family.js';
import { topupVirtual, transaction } from './account-calls.js';
import { buy } from './buy.js';
import { cancel } from './cancel-call.js';
import { contractUpdate, contractUpdateHistory } from './contract-update-calls.js';
import { proposalOpenContract } from './open-contract-calls.js';
import { contractsFor, proposal } from './proposal-calls.js';
import { proposalSlot } from './proposal-book.js';
import { portfolio, profitTable, statement } from './report-calls.js';
import { sell, sellExpired } from './sell-calls.js';

export interface TradingServices {
  /** The house's terms: markups, minimum commission, limits (`createServer({ trading })`). */
  readonly tradingOptions: TradingOptions;
  /** Settles every open contract once the market decides it. */
  readonly settler: Settler;
}

/** What the trading family needs of the families before it in the list. */
interface TradingNeeds {
  readonly market: Market;
  readonly store: Store;
  readonly accountFeed: AccountFeed;
}

/**
 * The trading sandbox (docs/trading.md): contracts priced by the pure modules of
 * src/server/trading/, bought and sold on the store's ledger, settled from the market itself.
 */
export const tradingFamily: CallFamily<TradingServices> = {
  name: 'trading',
  calls: [
    contractsFor,
    contractsList,
    proposal,
    buy,
    proposalOpenContract,
    sell,
    sellExpired,
    cancel,
    contractUpdate,
    contractUpdateHistory,
    portfolio,
    statement,
    profitTable,
    transaction,
    topupVirtual,
  ],
  async start({ options, clock, logger, earlier }) {
    const { market, store } = earlier as unknown as TradingNeeds;
    const tradingOptions = resolveTradingOptions(options.trading);
    const settler = new Settler(store, market, clock, logger);
    await settler.start();
    return { services: { tradingOptions, settler }, stop: () => settler.stop() };
  },
  connectionState: proposalSlot,
};
