import { isResumableClock, marketTimeAt, type Clock, type ClockAnchor } from '../clock.js';
import { DatabaseRefused } from './errors.js';
import { META_KEYS, type Store } from './store.js';

/** How far a clock that cannot resume may be from a database's timeline before a start is refused. */
const TOLERATED_DRIFT_MS = 2_000;

/**
 * Puts the server's clock on the market timeline the database keeps, before anything reads it.
 * Contracts in the database were bought and expire on that timeline: were a restart to take the
 * wall clock again after running at `--speed 50`, the market would jump back hours, purchases
 * would lie in the future and expiries far off. So the first start stores its clock's anchor,
 * and every later start (and every worker, and every process on the same store) carries on from
 * it: the market time goes on as if the server had never stopped, at the new start's own speed
 * (a new speed stores a new anchor, so later starts agree on it). A clock that cannot resume (the
 * system clock, a test's own) is checked instead: off the timeline by more than two seconds, the
 * start is refused rather than jump.
 */
export async function resumeStoredClock(store: Store, clock: Clock, db: string): Promise<void> {
  if (!isResumableClock(clock)) {
    const kept = await store.meta(META_KEYS.marketClock);
    if (kept === undefined) return;
    const aheadMs = marketTimeAt(parseAnchor(kept, db), Date.now()) - clock.now();
    if (Math.abs(aheadMs) <= TOLERATED_DRIFT_MS) return;
    throw new DatabaseRefused(
      'ClockMismatch',
      db,
      `keeps a market clock ${describeOffset(aheadMs)} the wall clock (it ran at another speed): ` +
        'give the server a clock from acceleratedClock(speed) to carry it on, or use another database',
    );
  }
  const kept = await store.setOnce(META_KEYS.marketClock, JSON.stringify(clock.anchor()));
  clock.resume(parseAnchor(kept, db));
  const mine = JSON.stringify(clock.anchor());
  if (mine === kept) return;
  // Another speed: store the new anchor, unless another process replaced the old one first; then
  // carry on from theirs (started at the same moment, they differ from us by milliseconds).
  const now = await store.replaceMeta(META_KEYS.marketClock, kept, mine);
  if (now !== undefined && now !== mine) clock.resume(parseAnchor(now, db));
}

function parseAnchor(text: string, db: string): ClockAnchor {
  let anchor: Partial<ClockAnchor> | undefined;
  try {
    anchor = JSON.parse(text) as Partial<ClockAnchor>;
  } catch {
    anchor = undefined;
  }
  const { wallMs, marketMs, speed } = anchor ?? {};
  if (
    typeof wallMs !== 'number' ||
    typeof marketMs !== 'number' ||
    typeof speed !== 'number' ||
    !Number.isFinite(wallMs) ||
    !Number.isFinite(marketMs) ||
    !(speed > 0 && Number.isFinite(speed))
  ) {
    throw new DatabaseRefused('ClockMismatch', db, 'keeps a market clock anchor that is not one: use another database');
  }
  return { wallMs, marketMs, speed };
}

function describeOffset(aheadMs: number): string {
  const hours = Math.abs(aheadMs) / 3_600_000;
  const size = hours >= 1 ? `${hours.toFixed(1)} h` : `${Math.round(Math.abs(aheadMs) / 1000)} s`;
  return `${size} ${aheadMs > 0 ? 'ahead of' : 'behind'}`;
}
