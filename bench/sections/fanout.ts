import type { BenchConfig } from '../lib/config.js';
import type { Figure } from '../lib/figures.js';
import { interleave, sleep } from '../lib/measure.js';
import { type ClockSample, wallTimeAt } from '../lib/market-clock.js';
import { startLoadProcess, startServerProcess, type Controlled } from '../lib/processes.js';
import { percentile, sortedCopy, type Summary } from '../lib/stats.js';
import type { TickRecord } from '../lib/ticks.js';

export interface FanoutRow {
  subscribers: number;
  ours: Record<string, Summary>;
  floor: Record<string, Summary>;
}

export const TICK_REQUEST = '{"ticks":"1HZ100V"}';

/** What each subscriber asks for, and where its messages carry the tick's epoch. */
export interface FanoutStream {
  /** A request for one stream of 1HZ100V, or several that the subscribers take in turn (the i-th sends the i-th mod n). */
  request: string | readonly string[];
  /** The field of each message that holds its tick's epoch (`epoch` in a tick, `spot_time` in a proposal). */
  epochKey: string;
  /**
   * Wait for every subscriber's first message before the warm-up ticks: a stream that answers its
   * request (a proposal) has thousands of replies to send first, and one still on its way when the
   * measured ticks start would be timed as one of theirs.
   */
  confirmed?: boolean;
  /** Flags for the server beyond the clock's (`--traders N` for streams that buy). */
  serverArgs?: readonly string[];
  /**
   * Streams that are bought: each connection authorizes as one of the server's first `buyers`
   * `--traders` accounts, in turn, and sends its `request`, a buy with `subscribe: 1`, whose
   * contract then streams on it (`boughtStreams`); every buy is answered before the warm-up ticks.
   */
  buyers?: number;
}

/** Buys in flight while bought streams are opened (as the trading section's buys). */
const BUY_WINDOW = 200;

/**
 * One fan-out run: `count` subscribers in a load process, ticks every `tickIntervalMs` of
 * real time (our server's clock runs faster so that 1HZ100V does), two warm-up ticks, then
 * `fanoutTicks` measured. Latency is from the moment the server started the tick's send loop
 * to the moment each subscriber got the message of that tick, on the same machine's clock.
 */
export async function fanoutRun(
  kind: 'ours' | 'floor-broadcast' | 'cluster',
  count: number,
  config: BenchConfig,
  workers = 1,
  stream: FanoutStream = { request: TICK_REQUEST, epochKey: 'epoch' },
) {
  const args = [
    '--record-ticks',
    ...(kind === 'floor-broadcast'
      ? ['--interval', String(config.tickIntervalMs)]
      : [
          '--speed',
          String(1_000 / config.tickIntervalMs),
          ...(kind === 'cluster' ? ['--workers', String(workers)] : []),
        ]),
  ];
  const server = await startServerProcess(kind, [...args, ...(stream.serverArgs ?? [])]);
  let load: Controlled | undefined;
  try {
    // Cluster runs measure the server's own send loops. The load process shares the two cores
    // with the workers, so it yields to them (nice 10), as clients on other machines would.
    load = await startLoadProcess(server.url, kind === 'cluster' ? { nice: 10 } : {});
    const { request, epochKey, confirmed, buyers } = stream;
    if (buyers === undefined) await load.request('subscribers', { count, request, epochKey, confirmed }, 300_000);
    else
      await load.request('boughtStreams', { count, traders: buyers, request, epochKey, window: BUY_WINDOW }, 300_000);
    await sleep(config.tickIntervalMs * 2.5);
    await load.request('receipts');
    await server.request('ticks');
    // Where each tick was due on the wall clock: how late its publication began (ours only, one process).
    const clock = kind === 'ours' ? await server.request<ClockSample>('clock') : undefined;
    const cpuBefore = await server.request<{ user: number; system: number }>('cpu');
    await sleep(config.tickIntervalMs * config.fanoutTicks + config.tickIntervalMs / 2);
    const cpuAfter = await server.request<{ user: number; system: number }>('cpu');
    const ticks = await server.request<TickRecord[]>('ticks');
    await sleep(Math.min(1_000, config.tickIntervalMs));
    const receipts = await load.request<Record<string, number[]>>('receipts');

    const createdAt = new Map<number, number>();
    const slowestLoop = new Map<number, number>();
    for (const tick of ticks) {
      createdAt.set(tick.epoch, Math.min(createdAt.get(tick.epoch) ?? Infinity, tick.publishedAt));
      slowestLoop.set(tick.epoch, Math.max(slowestLoop.get(tick.epoch) ?? 0, tick.sendLoopMs));
    }
    const latencies: number[] = [];
    for (const [epoch, created] of createdAt) for (const at of receipts[epoch] ?? []) latencies.push(at - created);
    const sorted = sortedCopy(latencies);
    const tickCount = Math.max(1, createdAt.size);
    const cpuMs = (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / 1_000;
    const loops = sortedCopy([...slowestLoop.values()]);
    const delays = sortedCopy(
      clock ? [...createdAt].map(([epoch, created]) => created - wallTimeAt(clock, epoch * 1000)) : [],
    );
    return {
      p50_ms: percentile(sorted, 50),
      p99_ms: percentile(sorted, 99),
      max_ms: sorted[sorted.length - 1] ?? Number.NaN,
      cpu_ms_per_tick: cpuMs / tickCount,
      send_loop_ms: percentile(loops, 50),
      delivered_pct: (latencies.length / (tickCount * count)) * 100,
      // Messages that carry a tick's epoch but arrived before that tick was published: a stream that
      // read the clock rather than the tick it was handed, and got ahead of the feed (a send loop longer than a tick).
      early_pct: (latencies.filter((latency) => latency < 0).length / Math.max(1, latencies.length)) * 100,
      ...(clock ? { publish_delay_p50_ms: percentile(delays, 50), publish_delay_max_ms: delays.at(-1)! } : {}),
    };
  } finally {
    await load?.stop();
    await server.stop();
  }
}

export async function fanoutFigures(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<{ figures: Figure[]; rows: FanoutRow[] }> {
  const figures: Figure[] = [];
  const rows: FanoutRow[] = [];
  for (const count of config.fanoutCounts) {
    log(`fan-out: ${count} subscribers`);
    const result = await interleave(['ours', 'floor-broadcast'] as const, config.heavyRounds, (kind) =>
      fanoutRun(kind, count, config),
    );
    const ours = result.ours!;
    const floor = result['floor-broadcast']!;
    rows.push({ subscribers: count, ours, floor });
    figures.push({
      section: 'fan-out',
      name: `tick fan-out p99, ${count.toLocaleString('en')} subscribers`,
      unit: 'ms',
      ours: ours.p99_ms!,
      floor: floor.p99_ms!,
      floorName: 'bare ws broadcast of one pre-built buffer',
      ...(count >= 1_000 ? { bar: { maxRatio: 1.3 } } : {}),
    });
  }
  return { figures, rows };
}

export interface ClusterRow {
  workers: number;
  subscribers: number;
  result: Record<string, Summary>;
}

/** The same fan-out, served by one and by two cluster workers, measured inside the server. */
export async function clusterFigures(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<{ figures: Figure[]; rows: ClusterRow[] }> {
  const count = config.clusterSubscribers;
  log(`cluster: ${count} subscribers on 1 and 2 workers`);
  const result = await interleave(['1', '2'] as const, config.heavyRounds, (workers) =>
    fanoutRun('cluster', count, config, Number(workers)),
  );
  const rows: ClusterRow[] = [1, 2].map((workers) => ({
    workers,
    subscribers: count,
    result: result[String(workers)]!,
  }));
  const perThousand = (summary: Summary): Summary => {
    const scale = (v: number) => v / (count / 1_000);
    return {
      median: scale(summary.median),
      min: scale(summary.min),
      max: scale(summary.max),
      runs: summary.runs.map(scale),
    };
  };
  const figures: Figure[] = [
    {
      section: 'cluster',
      name: `send loop per tick of the slowest worker, ${count.toLocaleString('en')} subscribers`,
      unit: 'ms',
      ours: result['2']!.send_loop_ms!,
      floor: result['1']!.send_loop_ms!,
      floorName: 'one worker',
      bar: { maxRatio: 0.8 },
    },
    {
      section: 'cluster',
      name: 'server CPU per tick per 1 000 subscribers',
      unit: 'ms',
      ours: perThousand(result['2']!.cpu_ms_per_tick!),
      floor: perThousand(result['1']!.cpu_ms_per_tick!),
      floorName: 'one worker',
    },
  ];
  return { figures, rows };
}
