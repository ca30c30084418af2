import type { Account, AccountStore, BalanceListener, TokenGrant } from './account-store.js';
import { accountProfile, type AccountsConfig } from './accounts-config.js';
import { newApiToken } from './api-token.js';
import { DEMO_LOGINID, demoAccountConfig } from './demo-account.js';

export { newApiToken } from './api-token.js';

/** Accounts held in this process's memory. Balances are rounded to cents, as currencies are here. */
export class MemoryAccountStore implements AccountStore {
  readonly #accounts = new Map<string, Account>();
  readonly #grants = new Map<string, TokenGrant>();
  readonly #listeners = new Set<BalanceListener>();

  constructor(config: AccountsConfig) {
    for (const entry of config.accounts) {
      this.#accounts.set(entry.loginid, { ...accountProfile(entry), balance: entry.balance });
      for (const { token, scopes } of entry.tokens) this.#grants.set(token, { loginid: entry.loginid, scopes });
    }
  }

  /** The default when no accounts are given: one virtual USD account with 10 000 and an all-scopes token. */
  static withDemoAccount(token = newApiToken()): { store: MemoryAccountStore; token: string; loginid: string } {
    const store = new MemoryAccountStore({ accounts: [demoAccountConfig(token)] });
    return { store, token, loginid: DEMO_LOGINID };
  }

  async grantFor(token: string): Promise<TokenGrant | undefined> {
    return this.#grants.get(token);
  }

  async account(loginid: string): Promise<Account | undefined> {
    return this.#accounts.get(loginid);
  }

  async accountsOfUser(userId: number): Promise<Account[]> {
    return [...this.#accounts.values()].filter((account) => account.userId === userId);
  }

  async adjustBalance(loginid: string, delta: number): Promise<number> {
    const account = this.#require(loginid);
    return this.#store(account, account.balance + delta);
  }

  async setBalance(loginid: string, balance: number): Promise<number> {
    return this.#store(this.#require(loginid), balance);
  }

  onBalanceChange(listener: BalanceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #require(loginid: string): Account {
    const account = this.#accounts.get(loginid);
    if (!account) throw new RangeError(`no account ${loginid}`);
    return account;
  }

  #store(account: Account, balance: number): number {
    const rounded = Math.round(balance * 100) / 100;
    this.#accounts.set(account.loginid, { ...account, balance: rounded });
    for (const listener of this.#listeners) listener(account.loginid, rounded);
    return rounded;
  }
}
