import type { Scope } from '../../../protocol/calls.js';
import type { Account, ContractOrder, ContractRecord, ContractSale, LedgerRow, TokenGrant } from '../store.js';

/** What Redis holds, read back into the store's types: rows, accounts, contracts and grants. */

/** A ledger row's JSON, as the scripts write it (lua-ledger.ts): absent optional fields are undefined. */
export function toRow(json: string): LedgerRow {
  const stored = JSON.parse(json) as LedgerRow;
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

/** A contract from its bought JSON (`{contractId, buyTransactionId, order}`) and its sale's JSON, if sold. */
export function toContract(bought: string, sale: string | null | undefined): ContractRecord {
  const { contractId, buyTransactionId, order } = JSON.parse(bought) as {
    contractId: number;
    buyTransactionId: number;
    order: ContractOrder;
  };
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
    sale: sale ? toSale(sale) : undefined,
  };
}

function toSale(json: string): ContractSale {
  const { sellPriceCents, sellTimeMs, sellTransactionId, outcome } = JSON.parse(json) as ContractSale;
  return { sellPriceCents, sellTimeMs, sellTransactionId, outcome };
}

export function toGrant(json: string): TokenGrant {
  const { loginid, scopes } = JSON.parse(json) as { loginid: string; scopes: Scope[] };
  return { loginid, scopes };
}
