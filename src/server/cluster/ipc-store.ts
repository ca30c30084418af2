import { fromWire } from '../store/error-wire.js';
import { StoreClosed, StoreUnavailable } from '../store/errors.js';
import { AccountEvents } from '../store/account-events.js';
import type { Store } from '../store/store.js';
import { IpcRequests } from './ipc-requests.js';
import type { RemoteStoreMethod } from './store-methods.js';
import type { PrimaryMessage, WorkerMessage } from './messages.js';

type Args<M extends RemoteStoreMethod> = Parameters<Store[M]>;
type Result<M extends RemoteStoreMethod> = ReturnType<Store[M]>;

/**
 * The store, as a worker reaches it: every operation goes to the primary, which holds the one
 * database, so an account has one balance and one ledger whichever worker a client landed on.
 * The primary applies a worker's operations in the order it sent them, and relays every
 * account event it commits to every worker; a Redis store takes this one's place across machines.
 */
export class IpcStore implements Store {
  readonly #requests = new IpcRequests();
  readonly #events = new AccountEvents();
  #closed = false;

  constructor(private readonly send: (message: WorkerMessage) => void) {}

  /** Feed every message from the primary through here. */
  receive(message: PrimaryMessage): void {
    if (message.kind === 'store-reply') {
      this.#requests.answer(message.id, message.result, message.error && fromWire(message.error));
    } else if (message.kind === 'account-event') {
      this.#events.emit([message.event]);
    }
  }

  /** The channel to the primary has closed: nothing more can be committed. */
  disconnected(): void {
    this.#requests.failAll(new StoreUnavailable('the cluster primary is gone'));
  }

  grantFor = (...args: Args<'grantFor'>) => this.#call('grantFor', args);
  account = (...args: Args<'account'>) => this.#call('account', args);
  accountsOfUser = (...args: Args<'accountsOfUser'>) => this.#call('accountsOfUser', args);
  ensureAccount = (...args: Args<'ensureAccount'>) => this.#call('ensureAccount', args);
  addToken = (...args: Args<'addToken'>) => this.#call('addToken', args);
  debit = (...args: Args<'debit'>) => this.#call('debit', args);
  creditOnce = (...args: Args<'creditOnce'>) => this.#call('creditOnce', args);
  topUp = (...args: Args<'topUp'>) => this.#call('topUp', args);
  buyContract = (...args: Args<'buyContract'>) => this.#call('buyContract', args);
  sellContract = (...args: Args<'sellContract'>) => this.#call('sellContract', args);
  contract = (...args: Args<'contract'>) => this.#call('contract', args);
  contracts = (...args: Args<'contracts'>) => this.#call('contracts', args);
  setBalance = (...args: Args<'setBalance'>) => this.#call('setBalance', args);
  adjustBalance = (...args: Args<'adjustBalance'>) => this.#call('adjustBalance', args);
  ledger = (...args: Args<'ledger'>) => this.#call('ledger', args);
  meta = (...args: Args<'meta'>) => this.#call('meta', args);
  setOnce = (...args: Args<'setOnce'>) => this.#call('setOnce', args);
  replaceMeta = (...args: Args<'replaceMeta'>) => this.#call('replaceMeta', args);

  onAccountEvent: Store['onAccountEvent'] = (listener) => this.#events.on(listener);

  /** This worker stops using the store; the primary's database stays open for the others. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #call<M extends RemoteStoreMethod>(method: M, args: Args<M>): Result<M> {
    if (this.#closed) return Promise.reject(new StoreClosed()) as Result<M>;
    return this.#requests.ask((id) => this.send({ kind: 'store', id, method, args })) as Result<M>;
  }
}
