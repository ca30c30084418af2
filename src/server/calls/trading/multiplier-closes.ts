import type { PricePath } from '../../market/price-path.js';
import type { ContractRecord } from '../../store/store.js';
import { limitOrderUpdates } from '../../trading/limit-orders.js';
import { multiplierCloseAt, type MultiplierClose } from '../../trading/multiplier-settlement.js';
import type { MultiplierSpec } from '../../trading/multiplier-spec.js';

interface Scan {
  readonly path: PricePath;
  scannedTo: number;
  close: MultiplierClose | undefined;
}

/** Contracts remembered per path; past it, the oldest is forgotten (and read from its entry again if asked). */
const MAX_REMEMBERED = 10_000;

/**
 * How far each open multiplier's path has been read for a close, per market path: a stream shows
 * the contract on every tick, and reading the path from the entry each time would cost a day's
 * ticks for a contract a day old. The close is a pure function of (path, contract, updates), so a
 * remembered scan, keyed by the contract and its number of updates, gives what a full one would.
 */
const scans = new WeakMap<PricePath, Map<string, Scan>>();

/** The contract's close by `now`, if the market has made one (multiplierCloseAt, remembered). */
export function closeBy(
  path: PricePath,
  spec: MultiplierSpec,
  record: ContractRecord,
  now: number,
): MultiplierClose | undefined {
  // A stream asks with the same record every tick: found by it, without making its key.
  let scan = byRecord.get(record);
  if (scan?.path !== path) {
    let known = scans.get(path);
    if (!known) scans.set(path, (known = new Map()));
    const key = `${record.contractId}:${record.updates.length}`;
    scan = known.get(key);
    if (!scan) {
      if (known.size >= MAX_REMEMBERED) known.delete(known.keys().next().value!);
      known.set(key, (scan = { path, scannedTo: 0, close: undefined }));
    }
    byRecord.set(record, scan);
  }
  if (scan.close) return scan.close.tick.epoch <= now ? scan.close : undefined;
  // Read on in place: one scan per contract, however many ticks it is asked at.
  const next = multiplierCloseAt(path, spec, limitOrderUpdates(record.updates), now, scan.scannedTo);
  scan.scannedTo = Math.max(next.scannedTo, scan.scannedTo);
  scan.close = next.close;
  return next.close;
}

/** The scan a record was last read with (its path's): a record never changes, an update is a new one. */
const byRecord = new WeakMap<ContractRecord, Scan>();
