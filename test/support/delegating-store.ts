import { seedAccounts, SqliteStore, type AccountsConfig, type Store } from '../../src/server/index.js';

/**
 * A real SQLite store (`:memory:`) seeded with `config`, behind a class whose methods tests
 * override to hold or slow one operation, as a store across IPC or Redis may be held.
 */
export class DelegatingStore implements Store {
  protected readonly inner = new SqliteStore();
  readonly ready: Promise<void>;

  constructor(config: AccountsConfig) {
    this.ready = seedAccounts(this.inner, config);
  }

  grantFor(...args: Parameters<Store['grantFor']>) {
    return this.inner.grantFor(...args);
  }
  account(...args: Parameters<Store['account']>) {
    return this.inner.account(...args);
  }
  accountsOfUser(...args: Parameters<Store['accountsOfUser']>) {
    return this.inner.accountsOfUser(...args);
  }
  ensureAccount(...args: Parameters<Store['ensureAccount']>) {
    return this.inner.ensureAccount(...args);
  }
  addToken(...args: Parameters<Store['addToken']>) {
    return this.inner.addToken(...args);
  }
  debit(...args: Parameters<Store['debit']>) {
    return this.inner.debit(...args);
  }
  creditOnce(...args: Parameters<Store['creditOnce']>) {
    return this.inner.creditOnce(...args);
  }
  topUp(...args: Parameters<Store['topUp']>) {
    return this.inner.topUp(...args);
  }
  buyContract(...args: Parameters<Store['buyContract']>) {
    return this.inner.buyContract(...args);
  }
  sellContract(...args: Parameters<Store['sellContract']>) {
    return this.inner.sellContract(...args);
  }
  updateContract(...args: Parameters<Store['updateContract']>) {
    return this.inner.updateContract(...args);
  }
  contract(...args: Parameters<Store['contract']>) {
    return this.inner.contract(...args);
  }
  contracts(...args: Parameters<Store['contracts']>) {
    return this.inner.contracts(...args);
  }
  openContractIds(...args: Parameters<Store['openContractIds']>) {
    return this.inner.openContractIds(...args);
  }
  setBalance(...args: Parameters<Store['setBalance']>) {
    return this.inner.setBalance(...args);
  }
  adjustBalance(...args: Parameters<Store['adjustBalance']>) {
    return this.inner.adjustBalance(...args);
  }
  ledger(...args: Parameters<Store['ledger']>) {
    return this.inner.ledger(...args);
  }
  meta(...args: Parameters<Store['meta']>) {
    return this.inner.meta(...args);
  }
  setOnce(...args: Parameters<Store['setOnce']>) {
    return this.inner.setOnce(...args);
  }
  replaceMeta(...args: Parameters<Store['replaceMeta']>) {
    return this.inner.replaceMeta(...args);
  }
  onAccountEvent(...args: Parameters<Store['onAccountEvent']>) {
    return this.inner.onAccountEvent(...args);
  }
  close() {
    return this.inner.close();
  }
}
