import type { Account, AccountStore, BalanceListener, TokenGrant } from '../accounts/account-store.js';
import { IpcRequests } from './ipc-requests.js';
import type { PrimaryMessage, WorkerMessage } from './messages.js';

/**
 * The accounts, as a worker reaches them: every call goes to the primary, which holds the
 * one true copy, so an account has one balance whichever worker a client landed on. Balance
 * changes come back as broadcasts. A Redis-backed store would take this one's place.
 */
export class IpcAccountStore implements AccountStore {
  readonly #requests = new IpcRequests();
  readonly #listeners = new Set<BalanceListener>();

  constructor(private readonly send: (message: WorkerMessage) => void) {}

  /** Feed every message from the primary through here. */
  receive(message: PrimaryMessage): void {
    if (message.kind === 'store-reply') {
      this.#requests.answer(message.id, message.result, message.error);
    } else if (message.kind === 'balance') {
      for (const listener of this.#listeners) listener(message.loginid, message.balance);
    }
  }

  grantFor(token: string): Promise<TokenGrant | undefined> {
    return this.#call('grantFor', [token]);
  }

  account(loginid: string): Promise<Account | undefined> {
    return this.#call('account', [loginid]);
  }

  accountsOfUser(userId: number): Promise<Account[]> {
    return this.#call('accountsOfUser', [userId]);
  }

  adjustBalance(loginid: string, delta: number): Promise<number> {
    return this.#call('adjustBalance', [loginid, delta]);
  }

  setBalance(loginid: string, balance: number): Promise<number> {
    return this.#call('setBalance', [loginid, balance]);
  }

  onBalanceChange(listener: BalanceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #call<T>(method: string, args: unknown[]): Promise<T> {
    return this.#requests.ask((id) => this.send({ kind: 'store', id, method, args }));
  }
}

/** The methods a worker may call on the primary's store; nothing else is reachable over IPC. */
export const STORE_METHODS = new Set(['grantFor', 'account', 'accountsOfUser', 'adjustBalance', 'setBalance']);
