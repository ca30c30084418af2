import type { Scope } from '../../protocol/calls.js';

/**
 * Money, in integer minor units: cents, 1/100 of the account's currency (every currency here
 * has two decimals, as the accounts file's balances always had). Integers, so sums are exact
 * and `balance = sum of the ledger's rows` holds to the cent; the handlers turn them into the
 * protocol's decimal amounts at the edge (see money.ts).
 */
export type Cents = number;

/** Milliseconds since the epoch, in the server's clock time (which runs faster under `--speed`). */
export type EpochMs = number;

/** Who an account is: everything but its balance, which only the ledger changes. */
export interface AccountProfile {
  readonly loginid: string;
  readonly currency: string;
  readonly isVirtual: boolean;
  readonly email: string;
  readonly fullname: string;
  readonly country: string;
  readonly landingCompanyName: string;
  /** Accounts with the same user id list each other in `authorize.account_list`. */
  readonly userId: number;
}

export interface Account extends AccountProfile {
  readonly balanceCents: Cents;
}

export interface NewAccount extends AccountProfile {
  /** Written as a `deposit` row, so the balance is the sum of the rows from the first one. */
  readonly openingBalanceCents: Cents;
}

/** What a token grants: one account, with these scopes. */
export interface TokenGrant {
  readonly loginid: string;
  readonly scopes: readonly Scope[];
}

/** Why a row was written: the `action_type` values of Deriv's `statement`. */
export const LEDGER_ACTIONS = [
  'buy',
  'sell',
  'deposit',
  'withdrawal',
  'escrow',
  'adjustment',
  'virtual_credit',
  'transfer',
] as const;

export type LedgerAction = (typeof LEDGER_ACTIONS)[number];

/** One row of an account's ledger: one money movement, never changed once written. */
export interface LedgerRow {
  /** Unique in the store, and increasing in the order rows were committed. */
  readonly transactionId: number;
  readonly loginid: string;
  readonly action: LedgerAction;
  /** Signed: negative for a debit (a buy's row is `-buy_price`), 0 for a lost contract's sell. */
  readonly amountCents: Cents;
  /** The account's balance right after this row; never negative. */
  readonly balanceAfterCents: Cents;
  readonly timeMs: EpochMs;
  /** The contract the row is for (buy and sell rows). */
  readonly contractId: number | undefined;
  /** Another transaction this row refers to: a sell row names its buy (`reference_id`). */
  readonly referenceId: number | undefined;
  /** The statement's `longcode` for the row. */
  readonly description: string;
  /** The key of a `creditOnce` row. */
  readonly creditKey: string | undefined;
}

/** What a money movement says about itself; the store adds the id, the balance after and (by default) the time. */
export interface Movement {
  readonly loginid: string;
  /** A positive whole number of cents; `creditOnce` also takes 0 (a lost contract's sell row). */
  readonly amountCents: Cents;
  readonly action: LedgerAction;
  readonly contractId?: number;
  readonly referenceId?: number;
  readonly description?: string;
  /** Default: the store's clock. Settlement passes the contract's own time. */
  readonly timeMs?: EpochMs;
}

export interface CreditOnceRequest extends Movement {
  /** Idempotency key, per account: `settle:<contract_id>`, say. */
  readonly key: string;
}

export interface CreditOnceResult {
  /** The row this key wrote: the new one, or the one a previous call with the key wrote. */
  readonly row: LedgerRow;
  /** False when the key had been credited already and this call changed nothing. */
  readonly applied: boolean;
}

/** What `topUp` is asked: raise the account's balance to `balanceCents` if it is below that. */
export interface TopUpRequest {
  readonly loginid: string;
  readonly balanceCents: Cents;
  /** The row's action: a demo account's reset is `virtual_credit`. */
  readonly action: LedgerAction;
  readonly description?: string;
}

/** Which rows `ledger()` returns: newest first, as Deriv's `statement` defaults to. */
export interface LedgerQuery {
  readonly limit: number;
  readonly offset?: number;
  /** Inclusive bounds on `timeMs`. */
  readonly fromMs?: EpochMs;
  readonly toMs?: EpochMs;
  readonly action?: LedgerAction;
}

/**
 * A contract as the store keeps it: what was bought, and how it ended once it has. The store
 * keeps the money and the life cycle exact; what the terms mean (barriers, ticks, the win rule)
 * belongs to the trading family, which stores them as JSON in `terms` and `outcome`.
 */
export interface ContractRecord {
  /** Unique in the store, increasing, and distinct from transaction ids. */
  readonly contractId: number;
  readonly loginid: string;
  readonly symbol: string;
  readonly contractType: string;
  readonly currency: string;
  readonly buyPriceCents: Cents;
  readonly payoutCents: Cents;
  readonly purchaseTimeMs: EpochMs;
  /**
   * When it may be settled at the latest (an intraday contract's expiry, a tick contract's bound):
   * restarts settle what is past it. A multiplier, which any tick may close, gives its entry.
   */
  readonly expiryTimeMs: EpochMs;
  readonly shortcode: string;
  readonly longcode: string;
  /** The buy row's transaction id. */
  readonly buyTransactionId: number;
  /** The trading family's JSON: everything it needs to price and settle the contract again after a restart. */
  readonly terms: string;
  /** Undefined while the contract is open. */
  readonly sale: ContractSale | undefined;
  /** Its changes since the purchase (a multiplier's limit orders), oldest first; empty for most. */
  readonly updates: readonly ContractUpdate[];
}

/** A change of a contract's terms after its purchase, as the trading family describes it. Never changed once written. */
export interface ContractUpdate {
  /** 1, 2, …: the order the contract's updates were committed in. */
  readonly sequence: number;
  readonly timeMs: EpochMs;
  /** The trading family's JSON: what changed. */
  readonly change: string;
}

/** What `updateContract` is asked: a change to write after the contract's others. */
export interface ContractUpdateRequest {
  readonly contractId: number;
  readonly timeMs: EpochMs;
  readonly change: string;
}

export interface ContractSale {
  readonly sellPriceCents: Cents;
  readonly sellTimeMs: EpochMs;
  readonly sellTransactionId: number;
  /** The trading family's JSON: exit tick, status, audit details. */
  readonly outcome: string;
}

/** What `buyContract` is asked: the contract, priced, and the account that pays for it. */
export type ContractOrder = Omit<ContractRecord, 'contractId' | 'buyTransactionId' | 'sale' | 'updates'>;

/**
 * The contract an order became, with the ids its buy was given: every store builds its records
 * with this, field by field, so nothing else a caller's order object carries is kept.
 */
export function contractFromOrder(
  order: ContractOrder,
  contractId: number,
  buyTransactionId: number,
  sale?: ContractSale,
  updates: readonly ContractUpdate[] = [],
): ContractRecord {
  return {
    contractId,
    loginid: order.loginid,
    symbol: order.symbol,
    contractType: order.contractType,
    currency: order.currency,
    buyPriceCents: order.buyPriceCents,
    payoutCents: order.payoutCents,
    purchaseTimeMs: order.purchaseTimeMs,
    expiryTimeMs: order.expiryTimeMs,
    shortcode: order.shortcode,
    longcode: order.longcode,
    buyTransactionId,
    terms: order.terms,
    sale,
    updates,
  };
}

export interface ContractSaleRequest {
  readonly contractId: number;
  /** 0 for a lost contract: still a `sell` row, of 0. */
  readonly sellPriceCents: Cents;
  readonly sellTimeMs: EpochMs;
  readonly outcome: string;
  /**
   * The contract as the caller holds it (the settler does), if it does. A contract's terms never
   * change once bought, so the store then reads back only its sale and ledger facts, and checks
   * they are this contract's; it reads the whole row when they are not.
   */
  readonly held?: ContractRecord;
  /**
   * How many updates the caller worked the sale out with (`held.updates.length`, say). Given, the
   * sale is written only if the contract has exactly that many; otherwise `ContractChanged`, and
   * nothing is written. A multiplier's close depends on its limit orders at each tick, so a sale
   * worked out before an update committed must be worked out again.
   */
  readonly updateCount?: number;
}

/** Which contracts `contracts()` returns: newest first unless `order` says otherwise. */
export interface ContractQuery {
  readonly loginid?: string;
  /** `open`: not sold yet; `sold`: sold (the profit table). */
  readonly state: 'open' | 'sold';
  /** Open contracts whose `expiryTimeMs` is at or before this (what a restart must settle). */
  readonly expiringByMs?: EpochMs;
  /** Inclusive bounds on the sale's time (sold) or the purchase time (open). */
  readonly fromMs?: EpochMs;
  readonly toMs?: EpochMs;
  readonly contractTypes?: readonly string[];
  readonly order?: 'ASC' | 'DESC';
  readonly limit: number;
  readonly offset?: number;
}

/** The keys of the store's `meta` facts, in one place (the market's seed and clock anchor join them). */
export const META_KEYS = {
  /** The demo account's token, made once per database so every start prints the same one. A secret. */
  demoToken: 'demo-token',
  /** The market's seed, kept from the first start: contracts in the database settle on the market they were bought on. */
  marketSeed: 'market-seed',
  /** The market clock's anchor (JSON of a ClockAnchor): a restart, or another process, carries on its timeline. */
  marketClock: 'market-clock',
} as const;

/** Something committed that an account's streams want to know. Only ever emitted after the commit. */
export type AccountEvent =
  | {
      readonly kind: 'ledger-row';
      readonly row: LedgerRow;
      /** The contract a buy or sell row is for, as committed with it: listeners need not read it back. */
      readonly contract?: ContractRecord;
    }
  /** A contract was bought, updated or sold: its record as committed. A buy's and a sale's come after their ledger row. */
  | { readonly kind: 'contract'; readonly contract: ContractRecord };

export type AccountListener = (event: AccountEvent) => void;

/**
 * Where accounts, tokens, the ledger and the server's few persistent facts live.
 *
 * Asynchronous, and with no shared memory assumed: SQLite (file or `:memory:`) answers it
 * today, and a Redis store (one Lua script per operation) answers the same calls later; both
 * run the one shared test suite. Operations requested by one process are applied in the order
 * they were requested. A promise that resolves means committed: after `kill -9`, every
 * resolved change is there. Failures are `StoreError`s (errors.ts) with a `code`.
 */
export interface Store {
  grantFor(token: string): Promise<TokenGrant | undefined>;
  account(loginid: string): Promise<Account | undefined>;
  /** Every account of that user, in the order they were created (the `account_list` of `authorize`). */
  accountsOfUser(userId: number): Promise<Account[]>;

  /** Creates the account unless one with its loginid exists; an existing one is left exactly as it is. */
  ensureAccount(account: NewAccount): Promise<{ account: Account; created: boolean }>;
  /**
   * Grants `token` to the account. A token that already grants the same account is left as
   * it is (`created: false`); one that grants another account is refused with `DuplicateToken`.
   */
  addToken(token: string, grant: TokenGrant): Promise<{ created: boolean }>;

  /** Takes `amountCents` if the balance covers it and writes the row, as one atomic step; else `InsufficientBalance`. */
  debit(movement: Movement): Promise<LedgerRow>;
  /** Adds `amountCents` and writes the row, once per (account, key): a repeat changes nothing and returns the first row. */
  creditOnce(request: CreditOnceRequest): Promise<CreditOnceResult>;

  /**
   * Raises the balance to `balanceCents` if it is below it, as one atomic step: the difference
   * is credited as one row. Returns that row, or undefined when the balance was there already
   * (nothing is written). Two at once credit the difference once (`topup_virtual`).
   */
  topUp(request: TopUpRequest): Promise<LedgerRow | undefined>;

  /** Test hook: sets the balance, writing the difference as an `adjustment` row (of 0 if nothing changes). */
  setBalance(loginid: string, balanceCents: Cents): Promise<LedgerRow>;
  /** Test hook: adds `deltaCents` (may be negative) as an `adjustment` row; never below 0 (`InsufficientBalance`). */
  adjustBalance(loginid: string, deltaCents: Cents): Promise<LedgerRow>;

  /**
   * Buys a contract, as one atomic step: takes `buyPriceCents` if the balance covers it, writes
   * the `buy` row (its `contractId`, the longcode as its description) and the contract. Else
   * `InsufficientBalance`, and nothing is written.
   */
  buyContract(order: ContractOrder): Promise<{ contract: ContractRecord; row: LedgerRow }>;
  /**
   * Sells (settles) an open contract once: credits `sellPriceCents` as a `sell` row that refers
   * to the buy, and records the sale, as one step. A contract sold already is left as it is:
   * `applied: false`, with its first sale and row. `UnknownContract` if there is none.
   */
  sellContract(sale: ContractSaleRequest): Promise<{ contract: ContractRecord; row: LedgerRow; applied: boolean }>;
  /**
   * Writes a change of an open contract's terms after its other changes, as one step, and answers
   * the contract with it. `ContractSold` if it has been sold (nothing is written), `UnknownContract`
   * if there is none. Listeners hear the contract, still open, as a `contract` event.
   */
  updateContract(update: ContractUpdateRequest): Promise<ContractRecord>;
  contract(contractId: number): Promise<ContractRecord | undefined>;
  contracts(query: ContractQuery): Promise<ContractRecord[]>;
  /**
   * The ids of the open contracts of every account whose expiry is at or before `expiringByMs`,
   * soonest first: what the settler's sweep reads to find contracts it has not heard of, without
   * reading every record it tracks already (an open multiplier's expiry is its entry).
   */
  openContractIds(expiringByMs: EpochMs): Promise<number[]>;

  /** An account's rows, newest first. */
  ledger(loginid: string, query: LedgerQuery): Promise<LedgerRow[]>;

  /** The value stored under `key`, if any. */
  meta(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` unless a value is there already; returns the stored one (the first writer wins). */
  setOnce(key: string, value: string): Promise<string>;
  /** Stores `value` under `key` if it still holds `expected`; returns the stored one, if any (a compare-and-set). */
  replaceMeta(key: string, expected: string, value: string): Promise<string | undefined>;

  /** Called after each commit, once per row, in commit order. Returns the function that stops it. */
  onAccountEvent(listener: AccountListener): () => void;

  /** Commits what was requested, then releases the database. Later calls fail with `StoreClosed`. */
  close(): Promise<void>;
}
