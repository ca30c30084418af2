import type { Database } from 'better-sqlite3';
import { systemClock, type Clock } from '../clock.js';
import { AccountEvents } from './account-events.js';
import { openDatabaseFile, type DatabaseFileOptions } from './database-file.js';
import {
  ContractChanged,
  ContractSold,
  DuplicateToken,
  InsufficientBalance,
  InvalidAmount,
  StoreClosed,
  UnknownAccount,
  UnknownContract,
} from './errors.js';
import { GroupCommit, type Done } from './group-commit.js';
import { OPENING_BALANCE_DESCRIPTION } from './migrations.js';
import { requireCents } from './money.js';
import { requirePage } from './page.js';
import {
  prepareStatements,
  toAccount,
  toContract,
  toGrant,
  toRow,
  toUpdate,
  type Statements,
} from './sqlite-statements.js';
import {
  contractFromOrder,
  type Account,
  type AccountEvent,
  type AccountListener,
  type Cents,
  type ContractOrder,
  type ContractQuery,
  type ContractRecord,
  type ContractSaleRequest,
  type ContractUpdateRequest,
  type CreditOnceRequest,
  type CreditOnceResult,
  type EpochMs,
  type LedgerQuery,
  type LedgerRow,
  type Movement,
  type NewAccount,
  type Store,
  type TokenGrant,
  type TopUpRequest,
} from './store.js';

export interface SqliteStoreOptions extends DatabaseFileOptions {
  /** Where rows get their time when the caller gives none. Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
  /**
   * Called once per commit of this store's own, with that commit's events, after its listeners
   * heard them. SQLite cannot tell another connection what one committed, so a process sharing
   * the file with others (a cluster's worker) passes them on from here; the other side hands
   * them to `committedElsewhere`. Events given to that are not passed here again.
   */
  onCommit?: (events: readonly AccountEvent[]) => void;
}

/** A movement as the store writes it: the amount signed, the time fixed when it was requested. */
type SignedMovement = Omit<Movement, 'amountCents' | 'timeMs'> & {
  signedCents: Cents;
  timeMs: number;
  creditKey?: string;
};

const nothing: readonly AccountEvent[] = [];

/**
 * The store on SQLite (better-sqlite3): a file, or `:memory:` for tests and `createServer`'s
 * default. Reads answer at once from this connection; writes go through group commit, so the
 * writes of one event-loop turn are one transaction and one fsync, and each promise resolves
 * once that transaction has committed.
 */
export class SqliteStore implements Store {
  readonly #db: Database;
  readonly #sql: Statements;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #events = new AccountEvents();
  readonly #commit: GroupCommit<AccountEvent>;
  #closed = false;

  constructor(path = ':memory:', options: SqliteStoreOptions = {}) {
    this.#db = openDatabaseFile(path, options);
    this.#sql = prepareStatements(this.#db);
    this.#clock = options.clock ?? systemClock;
    // One function for both: called inside a transaction, better-sqlite3 makes it a savepoint.
    const atomically = this.#db.transaction((work: () => unknown) => work());
    this.#commit = new GroupCommit<AccountEvent>({
      transaction: (work) => atomically.immediate(work),
      savepoint: (work) => atomically(work) as ReturnType<typeof work>,
      emit: (events) => {
        this.#events.emit(events);
        options.onCommit?.(events);
      },
    });
  }

  /** Transactions committed and writes in them (for tests and the bench: writes / commits is the batching). */
  get stats(): { commits: number; jobs: number } {
    return this.#commit.stats;
  }

  async grantFor(token: string): Promise<TokenGrant | undefined> {
    const record = this.#open().grant.get(token);
    return record && toGrant(record);
  }

  async account(loginid: string): Promise<Account | undefined> {
    const record = this.#open().account.get(loginid);
    return record && toAccount(record);
  }

  async accountsOfUser(userId: number): Promise<Account[]> {
    return this.#open().accountsOfUser.all(userId).map(toAccount);
  }

  async ensureAccount(account: NewAccount): Promise<{ account: Account; created: boolean }> {
    requireCents('openingBalanceCents', account.openingBalanceCents, 0);
    const timeMs = this.#now();
    return this.#write<{ account: Account; created: boolean }>(() => {
      const existing = this.#sql.account.get(account.loginid);
      if (existing) return { value: { account: toAccount(existing), created: false }, events: nothing };
      const { loginid, currency, email, fullname, country, landingCompanyName, userId } = account;
      this.#sql.insertAccount.run({
        loginid,
        currency,
        isVirtual: account.isVirtual ? 1 : 0,
        email,
        fullname,
        country,
        landingCompanyName,
        userId,
      });
      const events: AccountEvent[] = [];
      if (account.openingBalanceCents > 0) {
        const opening = {
          loginid,
          action: 'deposit',
          signedCents: account.openingBalanceCents,
          timeMs,
          description: OPENING_BALANCE_DESCRIPTION,
        } as const;
        events.push({ kind: 'ledger-row', row: this.#move(opening) });
      }
      return { value: { account: toAccount(this.#sql.account.get(loginid)!), created: true }, events };
    });
  }

  async addToken(token: string, grant: TokenGrant): Promise<{ created: boolean }> {
    return this.#write<{ created: boolean }>(() => {
      const existing = this.#sql.grant.get(token);
      if (existing && existing.loginid !== grant.loginid) throw new DuplicateToken(grant.loginid);
      if (existing) return { value: { created: false }, events: nothing };
      if (!this.#sql.account.get(grant.loginid)) throw new UnknownAccount(grant.loginid);
      this.#sql.insertToken.run(token, grant.loginid, JSON.stringify(grant.scopes));
      return { value: { created: true }, events: nothing };
    });
  }

  async debit(movement: Movement): Promise<LedgerRow> {
    requireCents('amountCents of a debit', movement.amountCents, 1);
    const signed = this.#signed(movement, -movement.amountCents);
    return this.#write(() => this.#written(this.#move(signed)));
  }

  async creditOnce(request: CreditOnceRequest): Promise<CreditOnceResult> {
    requireCents('amountCents of a credit', request.amountCents, 0);
    const signed = { ...this.#signed(request, request.amountCents), creditKey: request.key };
    return this.#write<CreditOnceResult>(() => {
      const earlier = this.#sql.rowByKey.get(request.loginid, request.key);
      if (earlier) return { value: { row: toRow(earlier), applied: false }, events: nothing };
      const row = this.#move(signed);
      return { value: { row, applied: true }, events: [{ kind: 'ledger-row', row }] };
    });
  }

  async topUp(request: TopUpRequest): Promise<LedgerRow | undefined> {
    requireCents('balanceCents of a top-up', request.balanceCents, 0);
    const { loginid, action, description } = request;
    const timeMs = this.#now();
    return this.#write<LedgerRow | undefined>(() => {
      // Read inside the transaction, so the difference is the one the credit closes.
      const account = this.#sql.account.get(loginid);
      if (!account) throw new UnknownAccount(loginid);
      const missing = request.balanceCents - account.balance_cents;
      if (missing <= 0) return { value: undefined, events: nothing };
      return this.#written(
        this.#move({
          loginid,
          action,
          signedCents: missing,
          timeMs,
          ...(description !== undefined ? { description } : {}),
        }),
      );
    });
  }

  async setBalance(loginid: string, balanceCents: Cents): Promise<LedgerRow> {
    requireCents('balanceCents', balanceCents, 0);
    const timeMs = this.#now();
    return this.#write(() => {
      const account = this.#sql.account.get(loginid);
      if (!account) throw new UnknownAccount(loginid);
      return this.#written(
        this.#move({ loginid, action: 'adjustment', signedCents: balanceCents - account.balance_cents, timeMs }),
      );
    });
  }

  async adjustBalance(loginid: string, deltaCents: Cents): Promise<LedgerRow> {
    requireCents('deltaCents (its size)', Math.abs(deltaCents), 0);
    const timeMs = this.#now();
    return this.#write(() =>
      this.#written(this.#move({ loginid, action: 'adjustment', signedCents: deltaCents, timeMs })),
    );
  }

  async buyContract(order: ContractOrder): Promise<{ contract: ContractRecord; row: LedgerRow }> {
    requireCents('buyPriceCents', order.buyPriceCents, 1);
    requireCents('payoutCents', order.payoutCents, 0);
    return this.#write(() => {
      // The buy row names its contract and the contract its buy row: the id is taken first.
      const contractId = this.#sql.nextContractId.get()!.next;
      const row = this.#move({
        loginid: order.loginid,
        action: 'buy',
        signedCents: -order.buyPriceCents,
        timeMs: order.purchaseTimeMs,
        contractId,
        description: order.longcode,
      });
      const contract = contractFromOrder(order, contractId, row.transactionId);
      this.#sql.insertContract.run({ ...contract });
      return {
        value: { contract, row },
        events: [
          { kind: 'ledger-row', row, contract },
          { kind: 'contract', contract },
        ],
      };
    });
  }

  async sellContract(
    sale: ContractSaleRequest,
  ): Promise<{ contract: ContractRecord; row: LedgerRow; applied: boolean }> {
    requireCents('sellPriceCents', sale.sellPriceCents, 0);
    return this.#write<{ contract: ContractRecord; row: LedgerRow; applied: boolean }>(() => {
      const { held } = sale;
      const facts = held && this.#sql.contractSaleFacts.get(sale.contractId);
      const open =
        held &&
        facts &&
        facts.sell_transaction_id === null &&
        held.contractId === sale.contractId &&
        held.loginid === facts.loginid &&
        held.buyTransactionId === facts.buy_transaction_id &&
        held.updates.length === facts.update_count
          ? { ...held, sale: undefined }
          : this.#openOrSold(sale.contractId);
      if ('applied' in open) return { value: open, events: nothing };
      if (sale.updateCount !== undefined && sale.updateCount !== open.updates.length)
        throw new ContractChanged(open.contractId, open.updates.length);
      const row = this.#move({
        loginid: open.loginid,
        action: 'sell',
        signedCents: sale.sellPriceCents,
        timeMs: sale.sellTimeMs,
        contractId: open.contractId,
        referenceId: open.buyTransactionId,
        description: open.longcode,
        creditKey: `sell:${open.contractId}`,
      });
      const sold = {
        contractId: open.contractId,
        price: sale.sellPriceCents,
        time: sale.sellTimeMs,
        transactionId: row.transactionId,
        outcome: sale.outcome,
      };
      // Found open above, in this same write transaction: nothing can have sold it since.
      this.#sql.recordSale.run(sold);
      const contract: ContractRecord = {
        ...open,
        sale: {
          sellPriceCents: sold.price,
          sellTimeMs: sold.time,
          sellTransactionId: sold.transactionId,
          outcome: sold.outcome,
        },
      };
      return {
        value: { contract, row, applied: true },
        events: [
          { kind: 'ledger-row', row, contract },
          { kind: 'contract', contract },
        ],
      };
    });
  }

  async updateContract(update: ContractUpdateRequest): Promise<ContractRecord> {
    return this.#write(() => {
      const found = this.#sql.contract.get(update.contractId);
      if (!found) throw new UnknownContract(update.contractId);
      if (found.sell_transaction_id !== null) throw new ContractSold(update.contractId);
      this.#sql.insertUpdate.run({
        contract_id: update.contractId,
        sequence: found.update_count + 1,
        time_ms: update.timeMs,
        change: update.change,
      });
      this.#sql.countUpdate.run(update.contractId);
      const contract = this.#record({ ...found, update_count: found.update_count + 1 });
      return { value: contract, events: [{ kind: 'contract', contract }] };
    });
  }

  async contract(contractId: number): Promise<ContractRecord | undefined> {
    const row = this.#open().contract.get(contractId);
    return row && this.#record(row);
  }

  async contracts(query: ContractQuery): Promise<ContractRecord[]> {
    const { limit, offset = 0, order = 'DESC' } = query;
    requirePage(limit, offset);
    const selection = {
      loginid: query.loginid ?? null,
      sold: query.state === 'sold' ? 1 : 0,
      expiringBy: query.expiringByMs ?? Number.MAX_SAFE_INTEGER,
      from: query.fromMs ?? Number.MIN_SAFE_INTEGER,
      to: query.toMs ?? Number.MAX_SAFE_INTEGER,
      types: query.contractTypes ? JSON.stringify(query.contractTypes) : null,
      limit,
      offset,
    } as const;
    const statement = order === 'ASC' ? this.#open().contractsAsc : this.#open().contractsDesc;
    return statement.all(selection).map((row) => this.#record(row));
  }

  async openContractIds(expiringByMs: EpochMs): Promise<number[]> {
    return this.#open().openContractIds.all(expiringByMs);
  }

  async ledger(loginid: string, query: LedgerQuery): Promise<LedgerRow[]> {
    const { limit, offset = 0, fromMs = Number.MIN_SAFE_INTEGER, toMs = Number.MAX_SAFE_INTEGER, action } = query;
    requirePage(limit, offset);
    return this.#open()
      .rows.all({ loginid, from: fromMs, to: toMs, action: action ?? null, limit, offset })
      .map(toRow);
  }

  async meta(key: string): Promise<string | undefined> {
    return this.#open().meta.get(key)?.value;
  }

  async setOnce(key: string, value: string): Promise<string> {
    return this.#write(() => {
      this.#sql.insertMeta.run(key, value);
      return { value: this.#sql.meta.get(key)!.value, events: nothing };
    });
  }

  async replaceMeta(key: string, expected: string, value: string): Promise<string | undefined> {
    return this.#write<string | undefined>(() => {
      this.#sql.replaceMeta.run(value, key, expected);
      return { value: this.#sql.meta.get(key)?.value, events: nothing };
    });
  }

  onAccountEvent(listener: AccountListener): () => void {
    return this.#events.on(listener);
  }

  /**
   * Events another connection committed to this same file (another worker of a cluster, told
   * by the primary): this store's listeners hear them as they hear its own commits, so balance
   * and transaction streams, open-contract views and the settler learn of them. Give them in
   * that connection's commit order; after `close()` they are dropped.
   */
  committedElsewhere(events: readonly AccountEvent[]): void {
    if (!this.#closed) this.#events.emit(events);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#commit.close();
    this.#db.close();
  }

  #open(): Statements {
    if (this.#closed) throw new StoreClosed();
    return this.#sql;
  }

  #write<T>(run: () => Done<T, AccountEvent>): Promise<T> {
    return this.#commit.submit(run);
  }

  #now(): number {
    return Math.round(this.#clock.now());
  }

  #signed(movement: Movement, signedCents: Cents): SignedMovement {
    const { loginid, action, contractId, referenceId, description } = movement;
    return {
      loginid,
      action,
      contractId,
      referenceId,
      description,
      signedCents,
      timeMs: movement.timeMs ?? this.#now(),
    };
  }

  #written(row: LedgerRow): Done<LedgerRow, AccountEvent> {
    return { value: row, events: [{ kind: 'ledger-row', row }] };
  }

  #give(loginid: string, amount: Cents): { balance_cents: number } | undefined {
    try {
      return this.#sql.give.get({ loginid, amount });
    } catch (error) {
      // The schema's CHECK: the sum would leave the integers a double holds exactly.
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_CHECK') {
        const balance = this.#sql.account.get(loginid)!.balance_cents;
        throw new InvalidAmount(
          'the balance after a credit',
          `at most ${Number.MAX_SAFE_INTEGER} cents`,
          `${balance} + ${amount}`,
        );
      }
      throw error;
    }
  }

  /** A contract row as a record, with its updates if it has any (most have none, and are read in one statement). */
  #record(row: Parameters<typeof toContract>[0]): ContractRecord {
    return toContract(row, row.update_count > 0 ? this.#sql.updatesOf.all(row.contract_id).map(toUpdate) : []);
  }

  /** The contract if it is open; if it was sold already, that sale as `sellContract` answers it. */
  #openOrSold(contractId: number): ContractRecord | { contract: ContractRecord; row: LedgerRow; applied: false } {
    const found = this.#sql.contract.get(contractId);
    if (!found) throw new UnknownContract(contractId);
    const contract = this.#record(found);
    if (found.sell_transaction_id === null) return contract;
    return { contract, row: toRow(this.#sql.rowById.get(found.sell_transaction_id)!), applied: false };
  }

  /** Changes the balance and writes the row, inside the caller's transaction; a debit the balance does not cover changes nothing. */
  #move(movement: SignedMovement): LedgerRow {
    const { loginid, signedCents } = movement;
    const after =
      signedCents < 0 ? this.#sql.take.get({ loginid, amount: -signedCents }) : this.#give(loginid, signedCents);
    if (!after) {
      const account = this.#sql.account.get(loginid);
      if (!account) throw new UnknownAccount(loginid);
      throw new InsufficientBalance(loginid, account.currency, account.balance_cents, -signedCents);
    }
    const values = {
      loginid,
      action: movement.action,
      amount: signedCents,
      balanceAfter: after.balance_cents,
      timeMs: movement.timeMs,
      contractId: movement.contractId ?? null,
      referenceId: movement.referenceId ?? null,
      description: movement.description ?? '',
      creditKey: movement.creditKey ?? null,
    };
    const { lastInsertRowid } = this.#sql.insertRow.run(values);
    return {
      transactionId: Number(lastInsertRowid),
      loginid,
      action: values.action,
      amountCents: signedCents,
      balanceAfterCents: values.balanceAfter,
      timeMs: values.timeMs,
      contractId: movement.contractId,
      referenceId: movement.referenceId,
      description: values.description,
      creditKey: movement.creditKey,
    };
  }
}
