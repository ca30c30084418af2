import { StoreClosed, StoreUnavailable } from './errors.js';

/** What a job did: its answer, and what to announce once its transaction has committed. */
export interface Done<T, E> {
  readonly value: T;
  readonly events: readonly E[];
}

export interface GroupCommitOptions<E> {
  /** Runs `work` in one write transaction and commits it (durably) before returning; throws if it cannot. */
  transaction(work: () => void): void;
  /** Runs one job inside the transaction so that, if it throws, its writes alone are undone. */
  savepoint<T>(work: () => T): T;
  /** Called once per commit with the committed jobs' events, in order, after their promises are settled. */
  emit(events: readonly E[]): void;
}

interface Job<E> {
  run(): Done<unknown, E>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: the writes requested in one event-loop turn share one transaction, so one
 * fsync acknowledges all of them. A durable commit costs about one fsync (≈ 5 ms here, see
 * docs/store.md); one per operation would cap the store near 200 writes a second.
 *
 * Every promise settles only after the commit, and events go out only after it: a job that
 * succeeded inside a transaction that then failed to commit is rejected with the commit's
 * error (as `StoreUnavailable`), and announces nothing. Jobs run in the order they were submitted.
 */
export class GroupCommit<E> {
  readonly #options: GroupCommitOptions<E>;
  #queue: Job<E>[] = [];
  #scheduled: ReturnType<typeof setImmediate> | undefined;
  #closed = false;
  #commits = 0;
  #jobs = 0;

  constructor(options: GroupCommitOptions<E>) {
    this.#options = options;
  }

  /** Queues `run` for this turn's transaction; resolves with its value once that has committed. */
  submit<T>(run: () => Done<T, E>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosed());
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate, not a microtask: it runs after this turn's I/O callbacks, so requests
      // that arrived on many sockets in one turn are in the same batch.
      this.#scheduled ??= setImmediate(() => this.#flush());
    });
  }

  /** Commits what is queued now and refuses later jobs. */
  close(): void {
    this.#closed = true;
    this.#flush();
  }

  /** Transactions committed and jobs run so far: jobs / commits is the batching achieved. */
  get stats(): { commits: number; jobs: number } {
    return { commits: this.#commits, jobs: this.#jobs };
  }

  #flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    const jobs = this.#queue;
    this.#queue = [];
    if (jobs.length === 0) return;
    const outcomes: ({ ok: true; done: Done<unknown, E> } | { ok: false; error: unknown })[] = [];
    try {
      this.#options.transaction(() => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, done: this.#options.savepoint(() => job.run()) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      const failure = new StoreUnavailable(error);
      for (const job of jobs) job.reject(failure);
      return;
    }
    this.#commits++;
    this.#jobs += jobs.length;
    const events: E[] = [];
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) {
        job.reject(outcome.error);
        return;
      }
      job.resolve(outcome.done.value);
      events.push(...outcome.done.events);
    });
    if (events.length > 0) this.#options.emit(events);
  }
}
