import type { Clock } from '../clock.js';
import { errorSummary } from '../error-summary.js';
import type { Logger } from '../logger.js';
import type { Market } from '../market/market.js';
import { ContractChanged } from '../store/errors.js';
import type { ContractRecord, LedgerRow, Store } from '../store/store.js';
import { isBinarySpec, type TradeSpec } from './trade-spec.js';
import { decisionAt, nextCheckAt } from './settlement-decision.js';
import { outcomeAt, type ContractOutcome } from './settlement-rules.js';
import { tradeFromTerms } from './stored-contract.js';

/** Open contracts read per page when the settler starts (a restart may find many). */
const PAGE = 1_000;
/** After a failed sale (the store unavailable), the contract is tried again this much later, in clock seconds. */
const RETRY_SECONDS = 1;
/** Times a sale is worked out again when the contract was updated meanwhile (`ContractChanged`), before it waits for a retry. */
const RECOMPUTES = 3;
/**
 * How often, in clock seconds, the settler looks in the store for open contracts it has not heard
 * of, and how long past its decision one must be to count. Events are at most once (a node cut off
 * from Redis misses the buys of that time; SQLite tells no other process), so without this a
 * contract bought on a node that then died, and never heard of here, would stay open. A tracked
 * contract is sold at its decision, so the grace keeps the sweep from reading the ones about to be.
 */
export const SWEEP_SECONDS = 5;

/** What the store answered a sale: the contract and its sell row, `applied: false` if it had been sold already. */
export interface Sale {
  readonly contract: ContractRecord;
  readonly row: LedgerRow;
  readonly applied: boolean;
}

interface Tracked {
  /** As last heard of: a multiplier's record is replaced when its limit orders are updated. */
  record: ContractRecord;
  readonly spec: TradeSpec;
  /** Touch contracts and multipliers: where the path has been read without a decision. */
  scannedTo: number;
}

export type { StoredOutcome } from './stored-outcome.js';

/**
 * Settles contracts by themselves once the market decides them, exactly once each: the sale
 * goes through the store's `sellContract`, which credits once per contract, so a second
 * settler (another worker, a restart) that reaches the same contract changes nothing.
 *
 * Each contract waits for its own epoch: the tick that decides it (the exit tick; for an
 * intraday one, the tick after it; for a touch, a multiplier or an accumulator, the next tick,
 * where it may touch, close or be knocked out). One clock timer wakes the settler at the earliest
 * of them. A multiplier's sale is worked out with the limit order updates the store has (a
 * `contract` event brings new ones), and the store refuses one worked out before an update
 * committed, so it is worked out again. It knows the contracts open when it started (so a
 * restart settles what expired while the server was down, at the right exit tick: the
 * market is a pure function of its seed) and those bought through it since. Every
 * `SWEEP_SECONDS` it also reads the store's open contracts past their decision and tracks those
 * no event announced (bought by a process that then died, while this one was cut off from Redis).
 */
export class Settler {
  readonly #due = new Map<number, Tracked[]>();
  /** The epochs in #due, ascending. */
  #epochs: number[] = [];
  readonly #tracked = new Map<number, Tracked>();
  #timer: ReturnType<Clock['setTimeout']> | undefined;
  #wakeAt = Infinity;
  #stopped = false;
  #stopListening: (() => void) | undefined;
  #sweepTimer: ReturnType<Clock['setTimeout']> | undefined;
  /** The last sweep failed (the store out of reach): said once, not every sweep. */
  #sweepFailing = false;

  constructor(
    private readonly store: Store,
    private readonly market: Market,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Tracks every open contract in the store, and those bought since, by this process or by
   * another node whose writes the store announces (a fleet on Redis): whichever node is left
   * settles them. Forgets those anyone sells.
   */
  async start(): Promise<void> {
    this.#stopListening = this.store.onAccountEvent((event) => {
      if (event.kind !== 'contract') return;
      if (event.contract.sale) this.#forget(event.contract.contractId);
      else if (!this.#refresh(event.contract)) this.track(event.contract);
    });
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.store.contracts({ state: 'open', order: 'ASC', limit: PAGE, offset });
      for (const record of page) this.track(record);
      if (page.length < PAGE) break;
    }
    this.#armSweep();
  }

  /**
   * Tracks the open contracts, of any account and any node, decided at least `SWEEP_SECONDS` ago:
   * those whose buy this settler never heard of. Whichever nodes sweep the same one, its sale
   * happens once (`sellContract` sells once). Answers how many it found untracked.
   */
  async sweep(): Promise<number> {
    const dueBy = (this.#nowEpoch() - SWEEP_SECONDS) * 1000;
    // Ids first: the contracts tracked already (every open multiplier, past its entry) are not read again.
    const untracked = (await this.store.openContractIds(dueBy)).filter((id) => !this.#tracked.has(id));
    let found = 0;
    for (const id of untracked) {
      if (this.#stopped) break;
      const record = await this.store.contract(id);
      if (!record || record.sale || this.#tracked.has(id)) continue;
      found++;
      this.track(record);
    }
    return found;
  }

  /** Open contracts it is waiting on. */
  get size(): number {
    return this.#tracked.size;
  }

  /**
   * Starts waiting on a contract. A buy passes the spec it stored as the record's terms (the same
   * contract, so it is not parsed back); a contract read from the store is read from its terms.
   */
  track(record: ContractRecord, given?: TradeSpec): void {
    if (this.#stopped || record.sale || this.#tracked.has(record.contractId)) return;
    let spec: TradeSpec;
    try {
      spec = given ?? tradeFromTerms(record.terms);
    } catch (error) {
      this.logger.error(`contract ${record.contractId} cannot be settled: ${errorSummary(error)}`);
      return;
    }
    const tracked: Tracked = { record, spec, scannedTo: 0 };
    this.#tracked.set(record.contractId, tracked);
    this.#schedule(tracked, this.#nextCheck(tracked, this.#nowEpoch()));
  }

  /**
   * Settles, now, every contract the market has decided (portfolio, statement and sell_expired
   * do this first), and answers how many this call sold. With a `loginid`, the account's open
   * contracts past their expiry bound in the store are tracked first: another process (a
   * cluster's other worker) may have bought them after this one started.
   */
  async settleDecided(loginid?: string): Promise<number> {
    const now = this.#nowEpoch();
    if (loginid !== undefined) {
      const expired = await this.store.contracts({
        loginid,
        state: 'open',
        expiringByMs: now * 1000,
        order: 'ASC',
        limit: PAGE,
      });
      for (const record of expired) this.track(record);
    }
    const sales = [...this.#tracked.values()]
      .filter((tracked) => loginid === undefined || tracked.record.loginid === loginid)
      .map((tracked) => this.#settleIfDecided(tracked, now));
    return (await Promise.all(sales)).filter((sale) => sale?.applied).length;
  }

  /**
   * Settles one open contract now if the market has decided it (`sell` of an expired contract
   * sells at its outcome this way): the store's answer, whose `applied` is false when someone
   * else sold it first; undefined while the market has not decided it.
   */
  async settle(record: ContractRecord): Promise<Sale | undefined> {
    this.track(record);
    this.#refresh(record);
    const tracked = this.#tracked.get(record.contractId);
    return tracked && this.#settleIfDecided(tracked, this.#nowEpoch());
  }

  /** The outcome of a tracked binary contract if decided by now, for the open-contract view between decision and sale. */
  outcome(contractId: number): ContractOutcome | undefined {
    const tracked = this.#tracked.get(contractId);
    if (!tracked || !isBinarySpec(tracked.spec)) return undefined;
    const { spec } = tracked;
    return outcomeAt(this.market.path(spec.symbol.symbol), spec, spec.symbol.pipSize, this.#nowEpoch());
  }

  stop(): void {
    this.#stopped = true;
    this.clock.clearTimeout(this.#timer);
    this.clock.clearTimeout(this.#sweepTimer);
    this.#stopListening?.();
    this.#due.clear();
    this.#epochs = [];
  }

  /** The next sweep, `SWEEP_SECONDS` after the last one ended (so two never overlap). */
  #armSweep(): void {
    if (this.#stopped) return;
    this.#sweepTimer = this.clock.setTimeout(() => {
      this.sweep()
        .then(
          (found) => {
            if (found > 0) this.logger.info(`the sweep found ${found} open contracts no event had announced`);
            this.#sweepFailing = false;
          },
          (error) => {
            if (!this.#sweepFailing) this.logger.warn(`the open-contract sweep failed: ${errorSummary(error)}`);
            this.#sweepFailing = true;
          },
        )
        .finally(() => this.#armSweep());
    }, SWEEP_SECONDS * 1000);
  }

  #nowEpoch(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  #nextCheck(tracked: Tracked, now: number): number {
    return nextCheckAt(this.market.path(tracked.spec.symbol.symbol), tracked.spec, now);
  }

  /**
   * Takes a newer record of a tracked contract (its limit orders updated): the ticks after its new
   * updates' seconds are read again with them. False when the contract is not tracked here.
   */
  #refresh(record: ContractRecord): boolean {
    const tracked = this.#tracked.get(record.contractId);
    if (!tracked) return false;
    if (record.updates.length > tracked.record.updates.length) replaceRecord(tracked, record);
    return true;
  }

  #schedule(tracked: Tracked, epoch: number): void {
    let bucket = this.#due.get(epoch);
    if (!bucket) {
      this.#due.set(epoch, (bucket = []));
      this.#epochs.splice(sortedIndex(this.#epochs, epoch), 0, epoch);
    }
    bucket.push(tracked);
    this.#arm();
  }

  #arm(): void {
    const next = this.#epochs[0];
    if (next === undefined || next >= this.#wakeAt || this.#stopped) return;
    this.clock.clearTimeout(this.#timer);
    this.#wakeAt = next;
    this.#timer = this.clock.setTimeout(() => this.#wake(), Math.max(0, next * 1000 - this.clock.now()));
  }

  #wake(): void {
    this.#timer = undefined;
    this.#wakeAt = Infinity;
    const now = this.#nowEpoch();
    while (this.#epochs.length > 0 && this.#epochs[0]! <= now) {
      const epoch = this.#epochs.shift()!;
      const bucket = this.#due.get(epoch)!;
      this.#due.delete(epoch);
      for (const tracked of bucket) {
        if (this.#tracked.get(tracked.record.contractId) !== tracked) continue;
        void this.#settleIfDecided(tracked, now).then((sale) => {
          if (!sale && this.#tracked.get(tracked.record.contractId) === tracked)
            this.#schedule(tracked, Math.max(now + RETRY_SECONDS, this.#nextCheck(tracked, now)));
        });
      }
    }
    this.#arm();
  }

  /**
   * Sells the contract at its outcome if the market has decided it: the sale once it is sold (by
   * us or anyone), else undefined. The sale says how many updates it was worked out with: one
   * that committed meanwhile makes the store refuse it, and it is worked out again with it.
   */
  async #settleIfDecided(tracked: Tracked, now: number): Promise<Sale | undefined> {
    const { spec } = tracked;
    const path = this.market.path(spec.symbol.symbol);
    for (let attempt = 0; ; attempt++) {
      const { record } = tracked;
      const scan = decisionAt(path, spec, record, now, tracked.scannedTo);
      if (!scan.decision) {
        tracked.scannedTo = scan.scannedTo;
        return undefined;
      }
      try {
        const sale = await this.store.sellContract({
          contractId: record.contractId,
          ...scan.decision,
          held: record,
          updateCount: record.updates.length,
        });
        this.#forget(record.contractId);
        return sale;
      } catch (error) {
        if (error instanceof ContractChanged && attempt < RECOMPUTES && (await this.#reread(tracked))) continue;
        this.logger.warn(`contract ${record.contractId} could not be settled yet: ${errorSummary(error)}`);
        return undefined;
      }
    }
  }

  /**
   * Reads a tracked contract again from the store, with the updates that made its sale stale. One
   * sold meanwhile is kept as sold: the next sale attempt answers that first sale.
   */
  async #reread(tracked: Tracked): Promise<boolean> {
    const stored = await this.store.contract(tracked.record.contractId);
    if (!stored) return false;
    replaceRecord(tracked, stored);
    return true;
  }

  #forget(contractId: number): void {
    this.#tracked.delete(contractId);
  }
}

/** A newer record of a tracked contract: the ticks after its new updates' seconds are to be read again with them. */
function replaceRecord(tracked: Tracked, record: ContractRecord): void {
  const fresh = record.updates.slice(tracked.record.updates.length);
  tracked.record = record;
  if (fresh.length > 0)
    tracked.scannedTo = Math.min(tracked.scannedTo, ...fresh.map((update) => Math.floor(update.timeMs / 1000) + 1));
}

/** Where `value` goes in the ascending `sorted` to keep it sorted. */
function sortedIndex(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
