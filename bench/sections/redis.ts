import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from '../lib/config.js';
import type { Figure } from '../lib/figures.js';
import { interleave, sleep } from '../lib/measure.js';
import {
  type Controlled,
  type ServerProcess,
  startLoadProcess,
  startServerProcess,
  withServer,
} from '../lib/processes.js';
import {
  type CommandCount,
  commandCounter,
  REDIS_SERVER_PATH,
  type RedisServer,
  startRedisServer,
} from '../lib/redis.js';
import { percentile, sortedCopy, type Summary } from '../lib/stats.js';
import type { TickRecord } from '../lib/ticks.js';
import { TICK_REQUEST } from './fanout.js';
import { BUY_REQUEST, HOUR_REQUEST } from './trading.js';

const section = 'redis';
/** The working directory: where `serve` keeps its SQLite file, so the disk a node on SQLite would pay for. */
const root = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The commands figure's clock: 1HZ100V ticks every 200 ms, so its 10-tick contracts settle 2 s
 * after they are bought, well after the last buy of the batch (a sale counted with the buys
 * would be missing from the sales).
 */
const COMMANDS_SPEED = 5;
/** Ten ticks of 1HZ100V: bought in one batch, settled after it. */
const SETTLING_REQUEST = BUY_REQUEST.replace('"duration":5', '"duration":10').replace('R_100', '1HZ100V');

export interface RedisFanoutRow {
  nodes: number;
  subscribersPerNode: number;
  result: Record<string, Summary>;
}

/** Redis's commands per buy and per settled contract, by command (lower case, as Redis names them). */
export interface RedisCommandRows {
  buys: number;
  settled: number;
  perBuy: Record<string, CommandCount>;
  perSettled: Record<string, CommandCount>;
}

export interface RedisRows {
  fanout: RedisFanoutRow[];
  commands: RedisCommandRows;
}

/**
 * Scale-out figures, against a redis-server of the section's own: a buy through Redis against a
 * ping and against the same buy on an SQLite file; a fleet's tick fan-out on two nodes against one;
 * and what Redis runs per buy and per settled contract.
 */
export async function redisFigures(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<{ figures: Figure[]; rows?: RedisRows }> {
  if (REDIS_SERVER_PATH === undefined) {
    // The report says "Not measured in this run" for the section; the other sections still run.
    log('redis: skipped, redis-server is not installed');
    return { figures: [] };
  }
  const redis = await startRedisServer();
  const dir = mkdtempSync(join(root, '.bench-redis-'));
  // A fleet (a key prefix) of its own for every run, and an SQLite file of its own: nothing carried over.
  let runs = 0;
  const fleet = () => ['--redis', redis.url, '--prefix', `bench${++runs}:`];
  try {
    const figures: Figure[] = [];

    log('redis: buy round trip through Redis and through an SQLite file, each against ping');
    const rtt = await interleave(['redis', 'sqlite'] as const, config.redisRounds, (store) =>
      withServer(
        'ours',
        ['--traders', '1', ...(store === 'redis' ? fleet() : ['--db', join(dir, `buys-${++runs}.sqlite`)])],
        (_server, load) =>
          load.request<Record<string, number>>(
            'buyRtt',
            { count: config.redisBuys, warmup: config.redisBuyWarmup, request: BUY_REQUEST },
            300_000,
          ),
      ),
    );
    for (const p of ['p50', 'p99'] as const) {
      const buy = `buy round trip ${p} (buy "1" with parameters)`;
      figures.push(
        {
          section,
          name: `Redis: ${buy}`,
          unit: 'µs',
          ours: rtt.redis![`buy_${p}_us`]!,
          floor: rtt.redis![`ping_${p}_us`]!,
          floorName: 'ping on the same connection',
          bar: { maxRatio: 3 },
        },
        {
          section,
          name: `Redis against SQLite: ${buy}`,
          unit: 'µs',
          ours: rtt.redis![`buy_${p}_us`]!,
          floor: rtt.sqlite![`buy_${p}_us`]!,
          floorName: 'the same buy on an SQLite file',
        },
        {
          section,
          name: `SQLite file: ${buy}`,
          unit: 'µs',
          ours: rtt.sqlite![`buy_${p}_us`]!,
          floor: rtt.sqlite![`ping_${p}_us`]!,
          floorName: 'ping on the same connection',
        },
      );
    }

    const count = config.redisFanoutSubscribers;
    log(`redis: tick fan-out of a fleet, ${count} subscribers on one node and on two`);
    const fan = await interleave(['1', '2'] as const, config.redisRounds, (nodes) =>
      fleetFanout(Number(nodes), count, config, fleet()),
    );
    const subscribers = count.toLocaleString('en');
    figures.push(
      {
        section,
        name: `Redis fleet: a tick sent and written by the slowest node, 2 × ${(count / 2).toLocaleString('en')} subscribers`,
        unit: 'ms',
        ours: fan['2']!.written_ms!,
        floor: fan['1']!.written_ms!,
        floorName: `one node with all ${subscribers}, same fleet`,
        bar: { maxRatio: 0.6 },
        note:
          "From the start of the tick's send loop until its frames were written: each connection corks its socket " +
          'for the tick and uncorks it once the loop is done, so the writes come after the loop.',
      },
      {
        section,
        name: `Redis fleet: send loop per tick of the slowest node, 2 × ${(count / 2).toLocaleString('en')} subscribers`,
        unit: 'ms',
        ours: fan['2']!.send_loop_ms!,
        floor: fan['1']!.send_loop_ms!,
        floorName: `one node with all ${subscribers}, same fleet`,
        note:
          "The feed's own `sendLoopMs`, as the fan-out and cluster figures take it: every subscriber's frame built and " +
          'queued on its corked socket, the writes not yet made.',
      },
      {
        section,
        name: `Redis fleet: CPU per tick, both nodes, ${subscribers} subscribers`,
        unit: 'ms',
        ours: fan['2']!.cpu_ms_per_tick!,
        floor: fan['1']!.cpu_ms_per_tick!,
        floorName: `one node with all ${subscribers}, same fleet`,
      },
    );

    log(`redis: commands per buy and per settled contract (${config.redisCommandContracts} each)`);
    const commands = await commandsRun(redis, config.redisCommandContracts, fleet());
    return {
      figures,
      rows: {
        fanout: (['1', '2'] as const).map((nodes) => ({
          nodes: Number(nodes),
          subscribersPerNode: count / Number(nodes),
          result: fan[nodes]!,
        })),
        commands,
      },
    };
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One fleet fan-out run: two nodes on one prefix (the same market, from the seed and the clock
 * they share through Redis), each a process of its own so that each can have a core; `count`
 * tick subscribers of 1HZ100V in two load processes of half each, both on the first node (one
 * node serving all of them) or one on each. The second node runs in both, so the fleet and the
 * client side are the same and only where the sockets are differs. The load yields to the nodes
 * (nice 10), as in the cluster figure. Each time is the slowest node's per tick (ticks that every
 * loaded node published in the window), median over ticks: until the frames were written, and the
 * feed's send loop alone.
 */
async function fleetFanout(
  nodes: number,
  count: number,
  config: BenchConfig,
  fleet: string[],
): Promise<Record<string, number>> {
  const args = [...fleet, '--speed', String(1_000 / config.tickIntervalMs), '--record-ticks'];
  const servers: ServerProcess[] = [];
  const loads: Controlled[] = [];
  try {
    // Both nodes at once: the first to store the fleet's seed and clock anchor wins (`setOnce`),
    // and the other carries on from them, as any node started later would.
    const started = await Promise.allSettled([0, 1].map(() => startServerProcess('ours', args)));
    for (const result of started) if (result.status === 'fulfilled') servers.push(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    loads.push(...(await Promise.all([0, 1].map((i) => startLoadProcess(servers[i % nodes]!.url, { nice: 10 })))));
    await Promise.all(
      loads.map((load) => load.request('subscribers', { count: count / 2, request: TICK_REQUEST }, 300_000)),
    );
    await sleep(config.tickIntervalMs * 2.5);
    await Promise.all([...loads.map((load) => load.request('receipts')), ...servers.map((s) => s.request('ticks'))]);
    const cpu = () => Promise.all(servers.map((s) => s.request<{ user: number; system: number }>('cpu')));
    const cpuBefore = await cpu();
    await sleep(config.tickIntervalMs * config.redisFanoutTicks + config.tickIntervalMs / 2);
    const cpuAfter = await cpu();
    const ticks = (await Promise.all(servers.map((s) => s.request<TickRecord[]>('ticks')))).flat();
    await sleep(Math.min(1_000, config.tickIntervalMs));
    const receipts = await Promise.all(loads.map((load) => load.request<Record<string, number[]>>('receipts')));

    const byEpoch = new Map<number, TickRecord[]>();
    for (const tick of ticks) (byEpoch.get(tick.epoch) ?? byEpoch.set(tick.epoch, []).get(tick.epoch)!).push(tick);
    const complete = [...byEpoch].filter(([, perNode]) => perNode.length === nodes);
    const slowest = (time: (tick: TickRecord) => number) =>
      percentile(sortedCopy(complete.map(([, perNode]) => Math.max(...perNode.map(time)))), 50);
    const delivered = complete.reduce(
      (sum, [epoch]) => sum + receipts.reduce((n, received) => n + (received[epoch]?.length ?? 0), 0),
      0,
    );
    const cpuMs = cpuAfter.reduce(
      (sum, after, i) => sum + (after.user + after.system - cpuBefore[i]!.user - cpuBefore[i]!.system) / 1_000,
      0,
    );
    return {
      written_ms: slowest((tick) => tick.writtenMs ?? Number.NaN),
      send_loop_ms: slowest((tick) => tick.sendLoopMs),
      cpu_ms_per_tick: cpuMs / Math.max(1, byEpoch.size),
      ticks: complete.length,
      delivered_pct: (delivered / (Math.max(1, complete.length) * count)) * 100,
    };
  } finally {
    for (const load of loads) await load.stop();
    for (const server of servers) await server.stop();
  }
}

/**
 * Redis's count of its commands (`CONFIG RESETSTAT`, then `INFO commandstats`) over `count`
 * buys of hour-long contracts, which none settles meanwhile, and then over the settlement of
 * `count` 10-tick contracts bought before the count began. One node, one connection.
 */
async function commandsRun(redis: RedisServer, count: number, fleet: string[]): Promise<RedisCommandRows> {
  const server = await startServerProcess('ours', ['--traders', '1', ...fleet, '--speed', String(COMMANDS_SPEED)]);
  const counter = await commandCounter(redis.url);
  let load: Controlled | undefined;
  try {
    load = await startLoadProcess(server.url);
    await load.request('traders', { count: 1, transactions: true });
    // Each script run once first, and a sale: nothing first-time is counted against the rest.
    await load.request('buy', { count: 10, request: SETTLING_REQUEST, window: 1 });
    await until(load, 10);
    await load.request('buy', { count: 10, request: HOUR_REQUEST, window: 1 });

    await counter.reset();
    await load.request('buy', { count, request: HOUR_REQUEST, window: 1 }, 300_000);
    const buys = await counter.read();

    await load.request('buy', { count, request: SETTLING_REQUEST, window: 10 }, 300_000);
    const early = await load.request<{ sold: number }>('sold');
    if (early.sold > 0) throw new Error(`${early.sold} contracts settled before their batch was bought`);
    await counter.reset();
    await until(load, count);
    const sales = await counter.read();
    return { buys: count, settled: count, perBuy: per(buys, count), perSettled: per(sales, count) };
  } finally {
    counter.close();
    await load?.stop();
    await server.stop();
  }
}

/** Waits until the transaction stream has brought `count` sell rows (30 s at most). */
async function until(load: Controlled, count: number): Promise<void> {
  let sold = 0;
  const deadline = performance.now() + 30_000;
  while (sold < count) {
    if (performance.now() > deadline) throw new Error(`${sold} of ${count} contracts settled within 30 s`);
    await sleep(50);
    sold += (await load.request<{ sold: number }>('sold')).sold;
  }
  if (sold > count) throw new Error(`${sold} sell rows for ${count} contracts`);
}

/** Counts divided by `count`, without the counter's own commands (INFO, CONFIG RESETSTAT). */
function per(counts: Record<string, CommandCount>, count: number): Record<string, CommandCount> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([command]) => command !== 'info' && !command.startsWith('config'))
      .map(([command, { calls, usec }]) => [command, { calls: calls / count, usec: usec / count }]),
  );
}
