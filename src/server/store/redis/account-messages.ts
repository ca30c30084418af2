import type { AccountEvent, ContractRecord, ContractSale, ContractUpdate, LedgerRow } from '../store.js';
import { contractOf, rowOf, type StoredContract } from './records.js';

/**
 * What one committed write means to an account's streams: its row, and for a buy or a sale the
 * contract as committed with it, announced after the row (the order SQLite's store keeps).
 */
export function eventsOf(row: LedgerRow, contract?: ContractRecord): AccountEvent[] {
  if (!contract) return [{ kind: 'ledger-row', row }];
  return [
    { kind: 'ledger-row', row, contract },
    { kind: 'contract', contract },
  ];
}

/** One message of an account's channel: the node whose write it was, and the events it means. */
export interface AccountMessage {
  /** The writing store's node id (`RedisStore.nodeId`): a node skips its own, announced locally already. */
  readonly origin: string | undefined;
  readonly events: AccountEvent[];
}

/**
 * A message of an account's channel (`<prefix>{loginid}:events`), which every writing script
 * publishes as it commits: `{"origin":…,"row":…}`, with `"bought"` (the contract as stored),
 * `"sale"` and `"updates"` for a buy or a sale; an update of a contract has no row, only the
 * contract and its updates. Every node on the fleet's Redis hears them (the store's
 * subscriber, redis-store.ts); pub/sub is at most once, so a node cut off from Redis misses the
 * messages of that time.
 */
export function readAccountMessage(message: string): AccountMessage {
  const { origin, row, bought, sale, updates } = JSON.parse(message) as {
    origin?: string;
    row?: LedgerRow;
    bought?: StoredContract;
    sale?: ContractSale;
    updates?: ContractUpdate[];
  };
  const contract = bought && contractOf(bought, sale, updates);
  if (!row) return { origin, events: contract ? [{ kind: 'contract', contract }] : [] };
  return { origin, events: eventsOf(rowOf(row), contract) };
}

/** The events in a message of an account's channel (readAccountMessage, without its origin). */
export function eventsOfMessage(message: string): AccountEvent[] {
  return readAccountMessage(message).events;
}
