import { accountProfile, type AccountsConfig } from '../accounts/accounts-config.js';
import { newApiToken } from '../accounts/api-token.js';
import { DEMO_LOGINID, demoAccountConfig } from '../accounts/demo-account.js';
import { centsFromAmount } from './money.js';
import { META_KEYS, type Store } from './store.js';

/**
 * Adds the accounts and tokens of an accounts file that the store does not hold yet. An account
 * it holds keeps its balance, whatever the file says: the database is the record, the file a
 * seed. A token of the file that grants another account in the store is refused (`DuplicateToken`).
 */
export async function seedAccounts(store: Store, config: AccountsConfig): Promise<void> {
  // Requested together, so SQLite writes them in one transaction; each step is an "ensure",
  // so a start that dies half-way is completed by the next one.
  await Promise.all(
    config.accounts.flatMap((entry) => [
      store.ensureAccount({ ...accountProfile(entry), openingBalanceCents: centsFromAmount(entry.balance) }),
      ...entry.tokens.map(({ token, scopes }) => store.addToken(token, { loginid: entry.loginid, scopes })),
    ]),
  );
}

/**
 * The demo account (virtual, USD 10 000, all scopes), made once per database: its token is
 * stored first-writer-wins, so every start on the same file, and every process sharing it,
 * gets the same token.
 */
export async function ensureDemoAccount(store: Store): Promise<{ loginid: string; token: string }> {
  const token = await store.setOnce(META_KEYS.demoToken, newApiToken());
  await seedAccounts(store, { accounts: [demoAccountConfig(token)] });
  return { loginid: DEMO_LOGINID, token };
}
