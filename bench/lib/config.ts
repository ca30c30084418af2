/** How much each figure measures, by mode: `full` for the report, `quick` for a look, `smoke` for the tests. */
export interface BenchConfig {
  mode: 'smoke' | 'quick' | 'full';
  /** Runs per figure; the report gives their median and range. */
  rounds: number;
  /** Runs for the heavy server figures (fan-out, idle memory, cluster). */
  heavyRounds: number;
  pings: number;
  pingWarmup: number;
  pipelinedCalls: number;
  subscriptionCounts: number[];
  settleCalls: number;
  /** How long the settle figure waits before it calls a client's calls unsettled. */
  settleWaitMs: number;
  churnPairs: number;
  /** Pairs run before measuring, until compiled code and table sizes stop growing (about 100 000 here). */
  churnWarmup: number;
  serverCalls: number;
  connectionCounts: number[];
  idleCounts: number[];
  fanoutCounts: number[];
  /** Ticks measured per fan-out run (after two warm-up ticks). */
  fanoutTicks: number;
  /** Real ms between ticks in the fan-out runs. */
  tickIntervalMs: number;
  clusterSubscribers: number;
  /** Heavy history requests the busy client sends at once in the fairness figure (the general budget is 180). */
  heavyRequests: number;
  /** Pings timed on an idle server, the fairness figure's floor. */
  idlePings: number;
  /** Debits measured in the store's group-commit run (100 in flight). */
  storeDebits: number;
  /** Operations measured in each one-fsync-at-a-time run (the floors, and the store with 1 in flight). */
  storeSyncedOps: number;
  /** Buys timed on one connection, each after a ping timed on the same connection (the floor). */
  tradingBuys: number;
  tradingBuyWarmup: number;
  /** Streamed proposals (one per connection) in each proposal fan-out run; beside the same count of tick streams. */
  proposalCounts: number[];
  /** Open multipliers (one stream each, one per connection) in each multiplier fan-out run; beside as many proposal streams. */
  multiplierCounts: number[];
  /** Runs of each in the multiplier figure: fewer than `heavyRounds`, as buying 10 000 streams takes a while. */
  multiplierRounds: number;
  /** Open contracts in the settlement and heap figures. */
  openContracts: number;
  /** Accounts (one connection each) the open contracts are bought on. */
  traders: number;
  /** Runs per figure in the redis section (each contender interleaved, fresh processes each run). */
  redisRounds: number;
  /** Buys timed on one connection through each store in the redis section, each after a ping. */
  redisBuys: number;
  redisBuyWarmup: number;
  /** Tick subscribers on the Redis fleet: all on one node, then half on each of two. */
  redisFanoutSubscribers: number;
  /** Ticks measured per fleet fan-out run (after two warm-up ticks). */
  redisFanoutTicks: number;
  /** Contracts bought, and contracts settled, while Redis counts its commands. */
  redisCommandContracts: number;
}

export function benchConfig(mode: BenchConfig['mode']): BenchConfig {
  switch (mode) {
    case 'smoke':
      return {
        mode,
        rounds: 1,
        heavyRounds: 1,
        pings: 200,
        pingWarmup: 50,
        pipelinedCalls: 500,
        subscriptionCounts: [100],
        settleCalls: 200,
        settleWaitMs: 500,
        churnPairs: 100,
        churnWarmup: 100,
        serverCalls: 500,
        connectionCounts: [1, 10],
        idleCounts: [50],
        fanoutCounts: [20],
        fanoutTicks: 2,
        tickIntervalMs: 250,
        clusterSubscribers: 20,
        heavyRequests: 5,
        idlePings: 200,
        storeDebits: 2_000,
        storeSyncedOps: 50,
        tradingBuys: 100,
        tradingBuyWarmup: 20,
        proposalCounts: [20],
        multiplierCounts: [20],
        multiplierRounds: 1,
        openContracts: 100,
        traders: 2,
        redisRounds: 1,
        redisBuys: 100,
        redisBuyWarmup: 20,
        redisFanoutSubscribers: 20,
        redisFanoutTicks: 2,
        redisCommandContracts: 20,
      };
    case 'quick':
      return {
        mode,
        rounds: 3,
        heavyRounds: 1,
        pings: 5_000,
        pingWarmup: 1_000,
        pipelinedCalls: 20_000,
        subscriptionCounts: [1_000],
        settleCalls: 10_000,
        settleWaitMs: 3_000,
        churnPairs: 2_000,
        churnWarmup: 10_000,
        serverCalls: 20_000,
        connectionCounts: [1, 10, 100],
        idleCounts: [1_000],
        fanoutCounts: [100, 1_000],
        fanoutTicks: 6,
        tickIntervalMs: 500,
        clusterSubscribers: 2_000,
        heavyRequests: 180,
        idlePings: 2_000,
        storeDebits: 20_000,
        storeSyncedOps: 500,
        tradingBuys: 2_000,
        tradingBuyWarmup: 500,
        proposalCounts: [1_000],
        multiplierCounts: [1_000],
        multiplierRounds: 1,
        openContracts: 2_000,
        traders: 20,
        redisRounds: 1,
        redisBuys: 1_000,
        redisBuyWarmup: 1_000,
        redisFanoutSubscribers: 2_000,
        redisFanoutTicks: 4,
        redisCommandContracts: 200,
      };
    case 'full':
      return {
        mode,
        rounds: 5,
        heavyRounds: 5,
        pings: 10_000,
        pingWarmup: 2_000,
        pipelinedCalls: 50_000,
        subscriptionCounts: [1_000, 10_000],
        settleCalls: 10_000,
        settleWaitMs: 5_000,
        churnPairs: 10_000,
        churnWarmup: 100_000,
        serverCalls: 50_000,
        connectionCounts: [1, 10, 100],
        idleCounts: [1_000, 10_000],
        fanoutCounts: [100, 1_000, 10_000],
        fanoutTicks: 10,
        tickIntervalMs: 500,
        clusterSubscribers: 10_000,
        heavyRequests: 180,
        idlePings: 5_000,
        storeDebits: 50_000,
        storeSyncedOps: 1_000,
        tradingBuys: 10_000,
        tradingBuyWarmup: 2_000,
        proposalCounts: [1_000, 10_000],
        multiplierCounts: [10_000],
        multiplierRounds: 3,
        openContracts: 10_000,
        traders: 100,
        redisRounds: 3,
        redisBuys: 2_000,
        // As many as the trading figure's: fewer left the JIT's work in the p99s (ping p99 1.7–2.7 ms after 400).
        redisBuyWarmup: 2_000,
        redisFanoutSubscribers: 10_000,
        redisFanoutTicks: 4,
        redisCommandContracts: 500,
      };
  }
}

/**
 * Churn pairs run between a first full GC and the heap baseline: 2 % of the warm-up. V8 throws
 * away some compiled code at full GCs and recompiles it on the next calls (≈ ±120 KiB here); the
 * settle puts that before the baseline instead of inside the measured pairs.
 */
export function settlePairs(warmup: number): number {
  return Math.ceil(warmup / 50);
}
