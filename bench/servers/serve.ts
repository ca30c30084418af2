// A server process for the benchmarks, forked with an IPC channel. It sends `{url}` once it
// listens, then answers control messages `{id, type}`:
//   memory      → heap and RSS after three forced GCs (run with --expose-gc)
//   rss         → process.memoryUsage(), no GC (cheap enough to sample under load)
//   cpu         → process.cpuUsage() (the cluster: summed over its workers)
//   ticks       → the ticks published since the last call (epoch, when, send loop, subscribers);
//                 kept only with --record-ticks
//   clock       → the market clock and the wall clock read at one moment, and the clock's speed
//                 (kind ours), so that a market epoch can be placed on the wall clock
//   sales       → the contract sales committed since the last call: when the store announced each
//                 (wall clock) and its sell time (market clock); kept only with --record-sales
//   stop        → closes and exits
// Kinds (`--kind`):
//   ours            deriv-ws's server, built; rate limits off (the pipeline is measured, not the limiter)
//                   and no per-IP connection cap (every load comes from 127.0.0.1).
//                   `--limits load`: rate limits on, but per connection (the load test's many
//                   connections all share one IP and User-Agent); `--limits default`: the real
//                   server's budgets, per IP and User-Agent (the fairness figure).
//                   `--traders N`: N rich demo accounts (bench/lib/traders.ts) instead of the demo one,
//                   in a `:memory:` store of this process's own, so `--record-sales` can watch it commit.
//                   `--redis URL --prefix P`: a node of the fleet on that Redis and prefix instead (the
//                   server opens its RedisStore; `--traders` seeds it); `--db PATH`: an SQLite file
//                   the server opens itself (durable commits, as `serve` keeps its database)
//   cluster         the same on `--workers N` processes
//   floor-json      a bare ws server doing the same JSON work per reply, nothing else
//   client-peer     the bare server the client figures run against
//   floor-broadcast a bare ws server broadcasting one pre-built tick buffer every `--interval` ms
import { parseArgs } from 'node:util';
import {
  acceleratedClock,
  type Clock,
  createServer,
  SqliteStore,
  startCluster,
  systemClock,
  type TickPublished,
} from '../../dist/server/index.js';
import type { TickRecord } from '../lib/ticks.js';
import { tradersConfig } from '../lib/traders.js';
import { startClientPeer } from './client-peer.js';
import { startFloorBroadcast } from './floor-broadcast.js';
import { startFloorJsonServer } from './floor-json.js';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'ours' },
    workers: { type: 'string', default: '1' },
    speed: { type: 'string', default: '1' },
    interval: { type: 'string', default: '500' },
    limits: { type: 'string', default: 'off' },
    traders: { type: 'string', default: '0' },
    redis: { type: 'string' },
    prefix: { type: 'string' },
    db: { type: 'string' },
    'record-ticks': { type: 'boolean', default: false },
    'record-sales': { type: 'boolean', default: false },
  },
});

const ticks: TickRecord[] = [];
// Only the fan-out figures read the ticks; anyone else would just watch this array grow.
const record = (event: TickPublished & { pid?: number }) => {
  if (!values['record-ticks'] || event.subscribers === 0) return;
  const tick: TickRecord = {
    epoch: event.epoch,
    publishedAt: event.publishedAt,
    sendLoopMs: event.sendLoopMs,
    subscribers: event.subscribers,
    pid: event.pid ?? process.pid,
  };
  ticks.push(tick);
  // A connection corks its socket for the tick and uncorks it on the next tick of the event
  // loop, queued as the loop sent its frame: a callback queued now runs after every uncork,
  // that is once the tick's frames have been written. (In this process only: a cluster's
  // ticks are reported here after the fact.)
  if (event.pid === undefined) {
    const started = event.publishedAt - performance.timeOrigin;
    process.nextTick(() => (tick.writtenMs = performance.now() - started));
  }
};
const speed = Number(values.speed);
const traders = Number(values.traders);
const clock: Clock = speed !== 1 ? acceleratedClock(speed) : systemClock;
const sales: Array<{ at: number; sellTimeMs: number }> = [];

/** The store the `--traders` accounts live in, the same as the server would open by itself. */
function tradersStore(): SqliteStore {
  const store = new SqliteStore(':memory:', { clock });
  // Announced once the sale's transaction has committed: the settled ledger row exists from then on.
  if (values['record-sales'])
    store.onAccountEvent((event) => {
      if (event.kind === 'contract' && event.contract.sale)
        sales.push({ at: performance.timeOrigin + performance.now(), sellTimeMs: event.contract.sale.sellTimeMs });
    });
  return store;
}
/** Where the `ours` server keeps its accounts: a fleet's Redis, an SQLite file, or the traders' `:memory:` store. */
function ownStore() {
  const accounts = traders > 0 ? { accounts: tradersConfig(traders) } : {};
  if (values.redis !== undefined)
    return { redis: { url: values.redis, ...(values.prefix ? { prefix: values.prefix } : {}) }, ...accounts };
  if (values.db !== undefined) return { db: values.db, ...accounts };
  return traders > 0 ? { store: tradersStore(), ...accounts } : {};
}
let cpu: () => Promise<{ user: number; system: number }> = async () => process.cpuUsage();

async function start(): Promise<{ url: string; close(): Promise<void> }> {
  switch (values.kind) {
    case 'ours': {
      return createServer({
        port: 0,
        idleTimeoutMs: 0,
        rateLimits: values.limits === 'load' ? { per: 'connection' } : values.limits === 'default' ? {} : false,
        maxConnectionsPerIp: Infinity,
        market: { seed: 1, onTick: record },
        clock,
        ...ownStore(),
      });
    }
    case 'cluster': {
      const cluster = await startCluster({
        workers: Number(values.workers),
        market: { seed: 1 },
        idleTimeoutMs: 0,
        clockSpeed: speed,
        onTick: record,
        rateLimits: false,
        maxConnectionsPerIp: Infinity,
      });
      cpu = async () => {
        const stats = await cluster.stats();
        return {
          user: stats.reduce((sum, s) => sum + s.cpuUser, 0),
          system: stats.reduce((sum, s) => sum + s.cpuSystem, 0),
        };
      };
      return cluster;
    }
    case 'floor-json':
      return startFloorJsonServer();
    case 'client-peer':
      return startClientPeer();
    case 'floor-broadcast':
      return startFloorBroadcast(Number(values.interval), (tick) => values['record-ticks'] && ticks.push(tick));
    default:
      throw new Error(`unknown server kind ${values.kind}`);
  }
}

const server = await start();
const gc = (globalThis as { gc?: () => void }).gc;

// The parent is gone (killed, crashed): nobody will stop this server, so it stops itself.
process.on('disconnect', () => process.exit(1));
process.on('message', async (message: { id: number; type: string }) => {
  const reply = (body: unknown) => process.send!({ id: message.id, body });
  try {
    switch (message.type) {
      case 'memory':
        for (let i = 0; i < 3; i++) gc?.();
        return reply(process.memoryUsage());
      case 'rss':
        return reply(process.memoryUsage());
      case 'cpu':
        return reply(await cpu());
      case 'ticks':
        return reply(ticks.splice(0));
      case 'sales':
        return reply(sales.splice(0));
      case 'clock':
        return reply({ marketMs: clock.now(), wallMs: performance.timeOrigin + performance.now(), speed });
      case 'stop':
        await server.close();
        process.send!({ id: message.id, body: null }, () => process.exit(0));
        return;
    }
  } catch (error) {
    process.send!({ id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
process.send!({ url: server.url });
