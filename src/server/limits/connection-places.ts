import type { LimitStore } from './limit-store.js';

/** A connection place to take in the limit store: per IP, or per user for an account socket. */
export interface Place {
  readonly key: string;
  readonly max: number;
  /** The 429's body when none is left. */
  readonly refusal: string;
}

/**
 * Takes each place in order; calls `done` with the place refused (or `unavailable` when the
 * store failed) and those taken before it, or with nothing refused once all are taken.
 * Synchronous all the way when the store answers synchronously.
 */
export function takePlaces(
  limits: LimitStore,
  places: readonly Place[],
  done: (refused: Place | 'unavailable' | undefined, taken: readonly Place[]) => void,
  from = 0,
): void {
  const place = places[from];
  if (place === undefined) {
    done(undefined, places);
    return;
  }
  const next = (got: boolean) =>
    got ? takePlaces(limits, places, done, from + 1) : done(place, places.slice(0, from));
  const taken = limits.takeConnection(place.key, place.max);
  if (taken instanceof Promise) taken.then(next, () => done('unavailable', places.slice(0, from)));
  else next(taken);
}
