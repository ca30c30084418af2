import type { ContractQuery, ContractRecord, LedgerQuery, LedgerRow } from '../store.js';
import type { StoreClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { toContract, toRow } from './records.js';

/** Rows read per round trip while a filtered statement looks for its page. */
const SCAN_CHUNK = 500;

/**
 * An account's rows, newest first, filtered by time and action. Unfiltered, the page is one
 * ZRANGE by rank. Filtered, rows are read newest first in chunks below the last id seen (by
 * score, so rows committed meanwhile cannot shift the chunks) until the page is full.
 */
export async function ledgerPage(
  client: StoreClient,
  key: string,
  query: LedgerQuery & { offset: number },
): Promise<LedgerRow[]> {
  const { limit, offset, fromMs, toMs, action } = query;
  if (limit === 0) return [];
  if (fromMs === undefined && toMs === undefined && action === undefined) {
    const members = await client.zRange(key, offset, offset + limit - 1, { REV: true });
    return members.map(toRow);
  }
  const matches = (row: LedgerRow) =>
    (fromMs === undefined || row.timeMs >= fromMs) &&
    (toMs === undefined || row.timeMs <= toMs) &&
    (action === undefined || row.action === action);
  const found: LedgerRow[] = [];
  let below = '+inf';
  while (found.length < offset + limit) {
    const members = await client.zRange(key, below, '-inf', {
      BY: 'SCORE',
      REV: true,
      LIMIT: { offset: 0, count: SCAN_CHUNK },
    });
    const rows = members.map(toRow);
    found.push(...rows.filter(matches));
    if (rows.length < SCAN_CHUNK) break;
    below = `(${rows.at(-1)!.transactionId}`;
  }
  return found.slice(offset, offset + limit);
}

/** The fields of a contract's account hash: as bought, its sale, its updates. */
export function contractFields(id: string | number): string[] {
  return [`c:${id}`, `s:${id}`, `u:${id}`];
}

/** The contracts of some accounts, by id: each account's hash read once, with every sale. */
async function readContracts(
  client: StoreClient,
  keys: RedisKeys,
  idsByAccount: ReadonlyMap<string, readonly string[]>,
): Promise<ContractRecord[]> {
  const reads = [...idsByAccount].map(async ([loginid, ids]) => {
    if (ids.length === 0) return [];
    const fields = await client.hmGet(
      keys.of(loginid, 'contracts'),
      ids.flatMap((id) => contractFields(id)),
    );
    const contracts: ContractRecord[] = [];
    for (let i = 0; i < ids.length; i++) {
      const bought = fields[3 * i];
      if (bought) contracts.push(toContract(bought, fields[3 * i + 1], fields[3 * i + 2]));
    }
    return contracts;
  });
  return (await Promise.all(reads)).flat();
}

function byAccount(ids: readonly string[], owners: readonly (string | null)[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  ids.forEach((id, i) => {
    const owner = owners[i];
    if (!owner) return;
    const list = grouped.get(owner) ?? [];
    list.push(id);
    grouped.set(owner, list);
  });
  return grouped;
}

/** The contracts `query` may select: one account's open or sold set, or the fleet's open ones by expiry, or every one. */
async function candidates(client: StoreClient, keys: RedisKeys, query: ContractQuery): Promise<ContractRecord[]> {
  if (query.loginid !== undefined) {
    const ids = await client.zRange(keys.of(query.loginid, query.state), 0, -1);
    return readContracts(client, keys, new Map([[query.loginid, ids]]));
  }
  if (query.state === 'open') {
    const ids = await client.zRange(keys.openByExpiry, '-inf', query.expiringByMs ?? '+inf', { BY: 'SCORE' });
    if (ids.length === 0) return [];
    return readContracts(client, keys, byAccount(ids, await client.hmGet(keys.contractOwners, ids)));
  }
  // Sold contracts of every account: only a test or an audit asks; the profit table names its account.
  const owners = await client.hGetAll(keys.contractOwners);
  const ids = Object.keys(owners);
  return readContracts(
    client,
    keys,
    byAccount(
      ids,
      ids.map((id) => owners[id]!),
    ),
  );
}

/**
 * The contracts a query selects, in SQLite's order: open ones by purchase time, sold ones by
 * sale time, then by id. Filtered here, in one place, after reading the candidates.
 */
export async function contractPage(
  client: StoreClient,
  keys: RedisKeys,
  query: ContractQuery & { offset: number },
): Promise<ContractRecord[]> {
  const { state, expiringByMs, fromMs, toMs, contractTypes, order = 'DESC', limit, offset } = query;
  if (limit === 0) return [];
  const timeOf = (contract: ContractRecord) => (state === 'sold' ? contract.sale!.sellTimeMs : contract.purchaseTimeMs);
  const selected = (await candidates(client, keys, query)).filter(
    (contract) =>
      (state === 'sold') === (contract.sale !== undefined) &&
      (state === 'sold' || expiringByMs === undefined || contract.expiryTimeMs <= expiringByMs) &&
      (fromMs === undefined || timeOf(contract) >= fromMs) &&
      (toMs === undefined || timeOf(contract) <= toMs) &&
      (contractTypes === undefined || contractTypes.includes(contract.contractType)),
  );
  const sign = order === 'ASC' ? 1 : -1;
  selected.sort((a, b) => sign * (timeOf(a) - timeOf(b) || a.contractId - b.contractId));
  return selected.slice(offset, offset + limit);
}
