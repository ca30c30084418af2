import type { Scope } from '../../../protocol/calls.js';
import {
  contractFromOrder,
  type Account,
  type ContractOrder,
  type ContractRecord,
  type ContractSale,
  type ContractUpdate,
  type LedgerRow,
  type TokenGrant,
} from '../store.js';

/** What Redis holds, read back into the store's types: rows, accounts, contracts and grants. */

/** A ledger row's JSON, as the scripts write it (lua-ledger.ts): absent optional fields are undefined. */
export function toRow(json: string): LedgerRow {
  return rowOf(JSON.parse(json) as LedgerRow);
}

/** A row as parsed from its JSON (or from a message that carries it), with exactly the row's fields. */
export function rowOf(stored: LedgerRow): LedgerRow {
  return {
    transactionId: stored.transactionId,
    loginid: stored.loginid,
    action: stored.action,
    amountCents: stored.amountCents,
    balanceAfterCents: stored.balanceAfterCents,
    timeMs: stored.timeMs,
    contractId: stored.contractId,
    referenceId: stored.referenceId,
    description: stored.description,
    creditKey: stored.creditKey,
  };
}

/** Field-value pairs from a flat array (HGETALL inside a script). */
export function pairs(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return fields;
}

/** An account hash; undefined when it is empty (HGETALL of a missing key). */
export function toAccount(fields: Record<string, string>): Account | undefined {
  if (fields.loginid === undefined) return undefined;
  return {
    loginid: fields.loginid,
    currency: fields.currency!,
    balanceCents: Number(fields.balance),
    isVirtual: fields.isVirtual === '1',
    email: fields.email!,
    fullname: fields.fullname!,
    country: fields.country!,
    landingCompanyName: fields.landingCompanyName!,
    userId: Number(fields.userId),
  };
}

/** What the buy script is given of an order, kept with the contract as it is. */
export function orderJson(order: ContractOrder): string {
  const { loginid, symbol, contractType, currency, buyPriceCents, payoutCents, purchaseTimeMs, expiryTimeMs } = order;
  const { shortcode, longcode, terms } = order;
  return JSON.stringify({
    loginid,
    symbol,
    contractType,
    currency,
    buyPriceCents,
    payoutCents,
    purchaseTimeMs,
    expiryTimeMs,
    shortcode,
    longcode,
    terms,
  });
}

/**
 * A contract from its bought JSON (`{contractId, buyTransactionId, order}`), its sale's JSON if
 * sold, and its updates' JSON array if it has any (the `u:<id>` field).
 */
export function toContract(
  bought: string,
  sale: string | null | undefined,
  updates?: string | null | undefined,
): ContractRecord {
  return contractOf(
    JSON.parse(bought) as StoredContract,
    sale ? (JSON.parse(sale) as ContractSale) : undefined,
    updates ? (JSON.parse(updates) as ContractUpdate[]) : undefined,
  );
}

/** How the buy script stores a contract: its ids, and the order as it was given (orderJson). */
export interface StoredContract {
  readonly contractId: number;
  readonly buyTransactionId: number;
  readonly order: ContractOrder;
}

/** A contract as parsed from its stored JSON and its sale's, if sold. */
export function contractOf(
  { contractId, buyTransactionId, order }: StoredContract,
  sale?: ContractSale,
  updates: readonly ContractUpdate[] = [],
): ContractRecord {
  return contractFromOrder(
    order,
    contractId,
    buyTransactionId,
    sale && {
      sellPriceCents: sale.sellPriceCents,
      sellTimeMs: sale.sellTimeMs,
      sellTransactionId: sale.sellTransactionId,
      outcome: sale.outcome,
    },
    updates.map(({ sequence, timeMs, change }) => ({ sequence, timeMs, change })),
  );
}

export function toGrant(json: string): TokenGrant {
  const { loginid, scopes } = JSON.parse(json) as { loginid: string; scopes: Scope[] };
  return { loginid, scopes };
}
