import type { Store } from '../store/store.js';

/** The store's operations one process may ask of another's; listening and closing stay with each side. */
export type RemoteStoreMethod = Exclude<keyof Store, 'onAccountEvent' | 'close'>;

// A record, so that an operation added to Store and not listed here fails the typecheck.
const REMOTE: Record<RemoteStoreMethod, true> = {
  grantFor: true,
  account: true,
  accountsOfUser: true,
  ensureAccount: true,
  addToken: true,
  debit: true,
  creditOnce: true,
  topUp: true,
  buyContract: true,
  sellContract: true,
  contract: true,
  contracts: true,
  setBalance: true,
  adjustBalance: true,
  ledger: true,
  meta: true,
  setOnce: true,
  replaceMeta: true,
};

/** Nothing else of the store is reachable over IPC, whatever a message names. */
export function isRemoteStoreMethod(method: string): method is RemoteStoreMethod {
  return Object.hasOwn(REMOTE, method);
}
