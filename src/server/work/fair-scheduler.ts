import type { Steps } from './steps.js';
import { removeFromListMap } from '../list-map.js';

export interface FairSchedulerOptions {
  /**
   * How long heavy work may hold the event loop before I/O gets its turn. Default 2 ms: a
   * client pinging during 180 heavy requests waited 6.3 ms (p50) and 23 ms (p99) with 5 ms
   * slices, 2.6 and 13 ms with 2 ms, 1.7 and 15 ms with 1 ms, where the batch took 15 % longer.
   */
  sliceMs?: number;
}

interface Job {
  readonly steps: Steps<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/**
 * Runs CPU-heavy work (long histories, candles) a step at a time, in slices of the event loop
 * between its I/O, taking turns between owners (connections) one step each.
 *
 * Why slices on the event loop and not a pool of worker threads:
 * - the work splits anywhere at no cost (a step is a few thousand bridge midpoints, under a
 *   millisecond), and the market is a pure function, so a step-wise run returns exactly what
 *   a run in one go does, on the same thread, with nothing to copy in or out;
 * - turns go by owner, not by request: one connection's 150 requests share the loop with
 *   every other connection's one, where a first-come pool would queue those behind the 150;
 * - in a cluster the worker processes already hold the cores; threads in each would only
 *   compete with them. And there are no threads to start or stop, nor TypeScript to load into
 *   them: on Node 20 a worker thread ignores `--import tsx`, so the tests, which run the
 *   sources, could not start one without a loader of their own.
 * The price: while it works, the event loop is a busy thread, so on a machine whose cores
 * are taken by other processes it waits for the CPU like any busy thread, where an idle loop
 * beside a worker thread would be woken first (docs/limits.md, "heavy history").
 * A slice ends after `sliceMs`, or as soon as a job finishes, so the reply's serialisation
 * (a few ms for 5 000 candles) falls in that same turn instead of piling up behind others.
 */
export class FairScheduler {
  readonly #sliceMs: number;
  /** Owners with work waiting, in turn order; each with its jobs in the order they came. */
  readonly #turns = new Map<object, Job[]>();
  #pending: ReturnType<typeof setImmediate> | undefined;

  constructor(options: FairSchedulerOptions = {}) {
    this.#sliceMs = options.sliceMs ?? 2;
  }

  /** Jobs waiting or under way. */
  get size(): number {
    let size = 0;
    for (const jobs of this.#turns.values()) size += jobs.length;
    return size;
  }

  /** Runs `steps` in turn with other owners' work; an abort drops it and rejects with the signal's reason. */
  run<T>(owner: object, steps: Steps<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        steps,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        onAbort: () => {
          removeFromListMap(this.#turns, owner, job);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      const jobs = this.#turns.get(owner);
      if (jobs) jobs.push(job);
      else this.#turns.set(owner, [job]);
      this.#pending ??= setImmediate(this.#slice);
    });
  }

  readonly #slice = (): void => {
    this.#pending = undefined;
    const deadline = performance.now() + this.#sliceMs;
    for (const [owner, jobs] of this.#turns) {
      const job = jobs[0]!;
      let finished = true;
      try {
        const next = job.steps.next();
        finished = next.done === true;
        if (finished) this.#settle(owner, job, () => job.resolve(next.value));
      } catch (error) {
        this.#settle(owner, job, () => job.reject(error));
      }
      // To the back of the line: the next owner takes the next step.
      const left = this.#turns.get(owner);
      if (left) {
        this.#turns.delete(owner);
        this.#turns.set(owner, left);
      }
      if (finished || performance.now() >= deadline) break;
    }
    if (this.#turns.size > 0) this.#pending = setImmediate(this.#slice);
  };

  #settle(owner: object, job: Job, settle: () => void): void {
    job.signal?.removeEventListener('abort', job.onAbort);
    removeFromListMap(this.#turns, owner, job);
    settle();
  }
}
