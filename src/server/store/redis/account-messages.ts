import type { AccountEvent, ContractRecord, ContractSale, LedgerRow } from '../store.js';
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

/**
 * The events in a message of an account's channel (`<prefix>{loginid}:events`), which every
 * writing script publishes as it commits: `{"row":…}`, with `"bought"` (the contract as
 * stored) and `"sale"` for a buy or a sale. Other nodes' writes reach a node this way once it
 * subscribes (a later step of issue 18); pub/sub is at most once, so a node cut off from Redis
 * misses the messages of that time.
 */
export function eventsOfMessage(message: string): AccountEvent[] {
  const { row, bought, sale } = JSON.parse(message) as { row: LedgerRow; bought?: StoredContract; sale?: ContractSale };
  return eventsOf(rowOf(row), bought && contractOf(bought, sale));
}
