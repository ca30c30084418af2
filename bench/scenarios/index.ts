import type { Contender } from '../clients/contenders.js';
import { percentile, sortedCopy } from '../lib/stats.js';
import { settlePairs } from '../lib/config.js';

export interface ScenarioOptions {
  count: number;
  warmup: number;
  window: number;
}

export type Scenario = (contender: Contender, options: ScenarioOptions) => Promise<Record<string, number>>;

/** Sequential pings: one in flight at a time, each timed from the call to its resolved reply. */
async function pingRtt(contender: Contender, { count, warmup }: ScenarioOptions) {
  for (let i = 0; i < warmup; i++) await contender.ping();
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await contender.ping();
    samples[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  const sorted = sortedCopy(samples);
  return { p50_us: percentile(sorted, 50), p99_us: percentile(sorted, 99) };
}

/** `count` `time` calls with `window` in flight at all times; calls per second. */
async function pipelined(contender: Contender, { count, warmup, window }: ScenarioOptions) {
  const run = async (total: number) => {
    let issued = 0;
    const lane = async () => {
      while (issued < total) {
        issued++;
        await contender.time();
      }
    };
    await Promise.all(Array.from({ length: window }, lane));
  };
  await run(warmup);
  const start = performance.now();
  await run(count);
  return { calls_per_s: count / ((performance.now() - start) / 1000) };
}

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function subscribeMany(contender: Contender, count: number, prefix: string) {
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, (_, j) => contender.subscribeTicks(`${prefix}${i + j}`)),
    );
  }
}

/** Heap held per open subscription: `count` distinct tick subscriptions on one connection, heap after GC. */
async function subscriptionMemory(contender: Contender, { count }: ScenarioOptions) {
  // One subscription first, so lazily created structures are not charged to the rest.
  await contender.subscribeTicks('WARMUP');
  const before = settledHeap();
  await subscribeMany(contender, count, 'SYM_');
  return { bytes_per_subscription: (settledHeap() - before) / count };
}

/**
 * `count` subscribe/unsubscribe pairs after a warm-up of the same: how much the heap grew
 * (after GC), in percent. A leak shows as growth proportional to the pairs.
 */
async function subscriptionChurn(contender: Contender, { count, warmup }: ScenarioOptions) {
  const cycle = async (pairs: number, prefix: string) => {
    for (let done = 0; done < pairs; done += 500) {
      await subscribeMany(contender, Math.min(500, pairs - done), `${prefix}${done}_`);
      await contender.unsubscribeAll();
    }
  };
  await cycle(warmup, 'WARM_');
  settledHeap(); // see settlePairs
  await cycle(settlePairs(warmup), 'SETTLE_');
  const before = settledHeap();
  await cycle(count, 'CHURN_');
  const after = settledHeap();
  return { heap_growth_pct: ((after - before) / before) * 100 };
}

/**
 * `count` calls the peer never answers; the peer cuts the connection when the last arrives.
 * How long until every call has settled, from the cut (or -1 if they had not within `warmup`
 * ms: the option is reused as the wait).
 */
async function settleOnCut(contender: Contender, { count, warmup: waitMs }: ScenarioOptions) {
  let settled = 0;
  let lastSettledAt = 0;
  for (let i = 0; i < count; i++) {
    void contender
      .unanswered()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        settled++;
        lastSettledAt = performance.now();
      });
  }
  const issuedAt = performance.now();
  const deadline = issuedAt + waitMs;
  while (settled < count && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  return { settle_ms: settled === count ? lastSettledAt - issuedAt : -1 };
}

export const scenarios: Record<string, Scenario> = {
  'ping-rtt': pingRtt,
  pipelined,
  'subscription-memory': subscriptionMemory,
  'subscription-churn': subscriptionChurn,
  'settle-on-cut': settleOnCut,
};
