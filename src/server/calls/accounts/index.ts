import { AccountFeed } from '../../accounts/account-feed.js';
import { openServerStore } from '../../store/server-store.js';
import type { Store } from '../../store/store.js';
import type { CallFamily } from '../family.js';
import { CURRENCIES_CONFIG } from './currencies.js';
import { authorize, balance, logout } from './handlers.js';

export interface AccountServices {
  /** Accounts, tokens and the ledger; amounts in cents (amountFromCents at the protocol's edge). */
  readonly store: Store;
  /** The store's committed rows, by account (balance streams). */
  readonly accountFeed: AccountFeed;
  /** The demo account's token, when the server made or found one. A secret: never logged. */
  readonly demoToken: string | undefined;
}

/** Who the connection is (`authorize`, `logout`) and what it holds (`balance`), on the store of `db`, `store` and `accounts`. */
export const accountsFamily: CallFamily<AccountServices> = {
  name: 'accounts',
  calls: [authorize, logout, balance],
  async start({ options, clock }) {
    const { store, demoToken, release } = await openServerStore(options, clock);
    const accountFeed = new AccountFeed(store);
    return {
      services: { store, accountFeed, demoToken },
      stop: async () => {
        accountFeed.close();
        await release();
      },
    };
  },
  websiteStatus: () => ({ currencies_config: CURRENCIES_CONFIG }),
};
