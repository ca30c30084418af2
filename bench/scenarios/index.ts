import type { Contender } from '../clients/contenders.js';
import { percentile, sortedCopy } from '../lib/stats.js';

export interface ScenarioOptions {
  count: number;
  warmup: number;
  window: number;
}

export type Scenario = (contender: Contender, options: ScenarioOptions) => Promise<Record<string, number>>;

/** Sequential pings: one in flight at a time, each timed from send to reply. */
async function pingRtt(contender: Contender, { count, warmup }: ScenarioOptions) {
  for (let i = 0; i < warmup; i++) await contender.ping();
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await contender.ping();
    samples[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  const sorted = sortedCopy(samples);
  return { p50_us: percentile(sorted, 50), p90_us: percentile(sorted, 90), p99_us: percentile(sorted, 99) };
}

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Heap held per open subscription: `count` distinct tick subscriptions on one connection, heap after GC. */
async function subscriptionMemory(contender: Contender, { count }: ScenarioOptions) {
  // One subscription first, so lazily created structures are not charged to the rest.
  await contender.subscribeTicks('WARMUP');
  const before = settledHeap();
  const batch = 100;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => contender.subscribeTicks(`SYM_${i + j}`)));
  }
  const after = settledHeap();
  return { bytes_per_subscription: (after - before) / count };
}

export const scenarios: Record<string, Scenario> = {
  'ping-rtt': pingRtt,
  'subscription-memory': subscriptionMemory,
};
