import {
  DatabaseRefused,
  DuplicateToken,
  InsufficientBalance,
  InvalidAmount,
  InvalidQuery,
  StoreClosed,
  StoreError,
  StoreUnavailable,
  UnknownAccount,
  UnknownContract,
  type DatabaseRefusal,
  type StoreErrorCode,
} from './errors.js';

/**
 * A store's refusal as plain data, for a store reached across a process boundary (the cluster's
 * IPC today). The other side rebuilds the same class, so a handler branches on `instanceof
 * InsufficientBalance` or on `code` whichever process the store lives in.
 */
export interface WireError {
  readonly code: StoreErrorCode | 'Error';
  readonly message: string;
  /** The fields a class carries beyond its message (InsufficientBalance's figures, say). */
  readonly fields?: Record<string, string | number>;
}

export function toWire(error: unknown): WireError {
  if (!(error instanceof StoreError))
    return { code: 'Error', message: error instanceof Error ? error.message : String(error) };
  const fields: Record<string, string | number> = {};
  if (error instanceof InsufficientBalance)
    Object.assign(fields, {
      loginid: error.loginid,
      currency: error.currency,
      balanceCents: error.balanceCents,
      amountCents: error.amountCents,
    });
  if (error instanceof UnknownAccount || error instanceof DuplicateToken) fields.loginid = error.loginid;
  if (error instanceof UnknownContract) fields.contractId = error.contractId;
  if (error instanceof DatabaseRefused) Object.assign(fields, { reason: error.reason, path: error.path });
  return { code: error.code, message: error.message, fields };
}

/** The error `toWire` described, of the same class and with the same message and fields. */
export function fromWire(wire: WireError): Error {
  const error = revive(wire);
  error.message = wire.message;
  return error;
}

function revive({ code, message, fields = {} }: WireError): Error {
  const text = (key: string) => String(fields[key] ?? '');
  const cents = (key: string) => Number(fields[key] ?? 0);
  switch (code) {
    case 'InsufficientBalance':
      return new InsufficientBalance(text('loginid'), text('currency'), cents('balanceCents'), cents('amountCents'));
    case 'UnknownAccount':
      return new UnknownAccount(text('loginid'));
    case 'UnknownContract':
      return new UnknownContract(cents('contractId'));
    case 'DuplicateToken':
      return new DuplicateToken(text('loginid'));
    case 'InvalidAmount':
      return new InvalidAmount('', '', '');
    case 'InvalidQuery':
      return new InvalidQuery(message);
    case 'StoreClosed':
      return new StoreClosed();
    case 'StoreUnavailable':
      return new StoreUnavailable(message);
    case 'DatabaseRefused':
      return new DatabaseRefused(text('reason') as DatabaseRefusal, text('path'), '');
    default:
      return new Error(message);
  }
}
