/**
 * A computation cut into steps: it runs until its next `yield`, where it may be paused, and
 * returns its result. Written once, it runs either all at once (`finish`) or a step at a time
 * between other work (`FairScheduler`), with the same result either way.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step now and returns the result. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
