import type { Cents } from './store.js';

export type StoreErrorCode =
  | 'InsufficientBalance'
  | 'UnknownAccount'
  | 'UnknownContract'
  | 'ContractSold'
  | 'ContractChanged'
  | 'DuplicateToken'
  | 'InvalidAmount'
  | 'InvalidQuery'
  | 'StoreClosed'
  | 'StoreUnavailable'
  | 'DatabaseRefused';

/** Every refusal of the store: a class with a `code`, so callers branch on the code, not the text. */
export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

/**
 * The balance does not cover a debit. It carries the figures so the caller can build the real
 * server's message ("Your account balance (1.00 USD) is insufficient to buy this contract (2.00 USD).").
 */
export class InsufficientBalance extends StoreError {
  readonly code = 'InsufficientBalance';
  constructor(
    readonly loginid: string,
    readonly currency: string,
    readonly balanceCents: Cents,
    readonly amountCents: Cents,
  ) {
    super(`${loginid}: balance ${balanceCents} cents does not cover ${amountCents} cents`);
  }
}

export class UnknownAccount extends StoreError {
  readonly code = 'UnknownAccount';
  constructor(readonly loginid: string) {
    super(`no account ${loginid}`);
  }
}

/** The token already grants another account. The token itself is a secret and never appears in the message. */
export class UnknownContract extends StoreError {
  readonly code = 'UnknownContract';
  constructor(readonly contractId: number) {
    super(`no contract ${contractId}`);
  }
}

/** An update of a contract sold already: its terms no longer matter, and nothing was written. */
export class ContractSold extends StoreError {
  readonly code = 'ContractSold';
  constructor(readonly contractId: number) {
    super(`contract ${contractId} is sold`);
  }
}

/**
 * A sale worked out on other terms than the stored ones: the contract was updated since the caller
 * read it (`updateCount`). Nothing was written; read it again and work the sale out anew.
 */
export class ContractChanged extends StoreError {
  readonly code = 'ContractChanged';
  constructor(
    readonly contractId: number,
    readonly updateCount: number,
  ) {
    super(`contract ${contractId} has ${updateCount} updates, not the number the sale was worked out with`);
  }
}

export class DuplicateToken extends StoreError {
  readonly code = 'DuplicateToken';
  constructor(readonly loginid: string) {
    super(`a token given to ${loginid} already grants another account`);
  }
}

/** An amount that is not a whole number of cents in the range the operation takes. */
export class InvalidAmount extends StoreError {
  readonly code = 'InvalidAmount';
  constructor(what: string, rule: string, value: unknown) {
    super(`${what} must be ${rule}, not ${String(value)}`);
  }
}

/** A ledger page that is not whole numbers from 0 (a negative LIMIT means "everything" to SQLite). */
export class InvalidQuery extends StoreError {
  readonly code = 'InvalidQuery';
}

export class StoreClosed extends StoreError {
  readonly code = 'StoreClosed';
  constructor() {
    super('the store is closed');
  }
}

/**
 * The database could not take the write now (another process held its lock past the busy
 * timeout, the disk failed): nothing of it was committed, so the caller may answer an error
 * and the client may retry.
 */
export class StoreUnavailable extends StoreError {
  readonly code = 'StoreUnavailable';
  constructor(cause: unknown) {
    super(`the store could not commit: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export type DatabaseRefusal =
  | 'DatabaseTooNew'
  | 'NotADatabase'
  | 'ForeignDatabase'
  | 'DatabaseUnavailable'
  | 'SeedMismatch'
  | 'ClockMismatch';

/**
 * A database file the store will not use. The message is one line, the file's name and what
 * is wrong with it ("x.sqlite is not an SQLite database"), ready for the CLI to print after the flag's name.
 */
export class DatabaseRefused extends StoreError {
  readonly code = 'DatabaseRefused';
  constructor(
    readonly reason: DatabaseRefusal,
    readonly path: string,
    detail: string,
  ) {
    super(`${path} ${detail}`.replace(/\s+/g, ' '));
  }
}
