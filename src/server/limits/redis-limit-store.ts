import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { LimitStoreUnavailable, type LimitStore, type WindowCounts, type WindowTable } from './limit-store.js';
import { connectWithScripts, reconnectOnceConnected, withDeadline } from '../redis-client.js';
import { LIMIT_SCRIPTS } from './redis-limit-scripts.js';

export interface RedisLimitStoreOptions {
  /** `redis://host:port`. */
  url: string;
  /** What every key starts with. Default `dws:`; a fleet's nodes share it, tests give each store its own. */
  prefix?: string;
  /** Window lengths. Defaults 60 000 and 3 600 000 ms, as `MemoryLimitStore`; tests shorten them. */
  minuteMs?: number;
  hourMs?: number;
  /** This node's name in the connection places. Default: a fresh UUID, so a restarted node is a new node. */
  nodeId?: string;
  /** How often the node says it is alive. Default 2 000 ms. */
  heartbeatMs?: number;
  /** How long after its last heartbeat a node's places stop counting. Default 10 000 ms (five heartbeats). */
  nodeTtlMs?: number;
  /** How long a call waits for Redis before it fails with `LimitStoreUnavailable`. Default 1 000 ms. */
  commandTimeoutMs?: number;
}

/**
 * What may wait on a connection Redis has stopped reading (paused, or a network that drops
 * packets): past it a call fails at once instead of queueing without bound.
 */
const MAX_QUEUED_COMMANDS = 10_000;

/**
 * The limits counted in Redis, for a fleet of nodes: every node sees the same windows and the
 * same connection places.
 *
 * **Windows** (`count`): one script per call (redis-limit-scripts.ts) adds to the key's minute
 * and hour counters and gives a new counter its window's length as its expiry, so a window
 * starts with its first call and ends on Redis's clock: wall-clock, whatever the market's
 * `--speed`. Keys: `<prefix>rate:{<table>|<key>}:minute` and `…:hour`; the hash tag is the
 * whole (table, key), so a key's two counters share a Cluster slot and the keys of different
 * clients spread over the slots. A window's keys vanish with its expiry: nothing to trim, and
 * at most an hour of distinct keys is held (unlike `MemoryLimitStore`, no `maxKeys`).
 *
 * **Connection places** (`takeConnection`): per IP, a hash of node id → places that node holds
 * (`<prefix>{connections}:ip:<ip>`), and one sorted set of node id → heartbeat deadline
 * (`<prefix>{connections}:nodes`). A take counts only live nodes' fields and drops dead ones,
 * so a node that dies without a word (SIGKILL, a lost machine) gives its places back within
 * `nodeTtlMs`. Chosen over a key per (node, IP) with a TTL: that costs one renewal per IP a
 * node holds on every heartbeat, this one write per node. The price is one hash tag for all
 * places, one Cluster slot; a take is one call per connection opened, not per message.
 * This node's own places are known here (`#held`) and are the truth for its fields: when a
 * call's outcome is unknown (it failed or timed out), or the node finds it was counted dead
 * (its fields may be gone), the next heartbeat with no call in flight writes them again.
 *
 * **When Redis does not answer**, a call fails within `commandTimeoutMs` with
 * `LimitStoreUnavailable` (while the client reconnects, at once: no offline queue), and the
 * limiter refuses that call with the error: failing closed, since an unknown budget is not a
 * spent one but a fleet without Redis would otherwise have no limits at all. The client
 * reconnects with backoff and the next call counts again. A give-back or release that fails
 * is not retried: the attempt stays counted until its window ends; a place is repaired as above.
 */
export class RedisLimitStore implements LimitStore {
  readonly nodeId: string;
  readonly #client: LimitClient;
  readonly #prefix: string;
  readonly #windows: { minuteMs: number; hourMs: number };
  readonly #nodeTtlMs: number;
  readonly #timeoutMs: number;
  readonly #heartbeat: NodeJS.Timeout;
  /** This node's places by IP, as Redis should hold them. */
  readonly #held = new Map<string, number>();
  /** IPs whose field in Redis may differ from `#held`. */
  readonly #unsure = new Set<string>();
  /** Every held IP must be written again: the node was counted dead. */
  #restoreAll = false;
  /** Takes and releases sent and not answered: a restore waits for none, or it could undo one. */
  #inFlight = 0;
  #closed = false;

  private constructor(client: LimitClient, options: RedisLimitStoreOptions, nodeId: string) {
    this.#client = client;
    this.nodeId = nodeId;
    this.#prefix = options.prefix ?? 'dws:';
    this.#windows = { minuteMs: options.minuteMs ?? 60_000, hourMs: options.hourMs ?? 3_600_000 };
    this.#nodeTtlMs = options.nodeTtlMs ?? 10_000;
    this.#timeoutMs = options.commandTimeoutMs ?? 1_000;
    this.#heartbeat = setInterval(() => void this.#beat().catch(() => {}), options.heartbeatMs ?? 2_000);
    this.#heartbeat.unref();
  }

  /** Connects and says the node is alive; an unreachable Redis is `LimitStoreUnavailable` at once. */
  static async open(options: RedisLimitStoreOptions): Promise<RedisLimitStore> {
    let connected = false;
    const client = createLimitClient(options.url, () => connected);
    // Without a listener an 'error' event would end the process; a failed call reports it instead.
    client.on('error', () => {});
    await connectWithScripts(client, LIMIT_SCRIPTS, () => (connected = true)).catch((error: unknown) => {
      throw new LimitStoreUnavailable(error);
    });
    const store = new RedisLimitStore(client, options, options.nodeId ?? randomUUID());
    await store.#beat();
    return store;
  }

  async count(table: WindowTable, key: string, weight: number): Promise<WindowCounts> {
    const head = `${this.#prefix}rate:{${table}|${key}}`;
    const { minuteMs, hourMs } = this.#windows;
    const counts = await this.#call(() =>
      this.#client.count([`${head}:minute`, `${head}:hour`], [weight, minuteMs, hourMs]),
    );
    return { minute: counts[0]!, hour: counts[1]! };
  }

  async takeConnection(ip: string, max: number): Promise<boolean> {
    this.#inFlight++;
    try {
      const taken =
        (await this.#call(() => this.#client.takeConnection(this.#placeKeys(ip), [this.nodeId, max]))) === 1;
      if (taken) this.#held.set(ip, (this.#held.get(ip) ?? 0) + 1);
      return taken;
    } catch (error) {
      this.#unsure.add(ip);
      throw error;
    } finally {
      this.#inFlight--;
    }
  }

  releaseConnection(ip: string): void {
    const held = this.#held.get(ip);
    // Only what this node took: a late or repeated release must not free another's place.
    if (!held) return;
    if (held > 1) this.#held.set(ip, held - 1);
    else this.#held.delete(ip);
    this.#inFlight++;
    this.#call(() => this.#client.releaseConnection([this.#ipKey(ip)], [this.nodeId]))
      .catch(() => this.#unsure.add(ip))
      .finally(() => this.#inFlight--);
  }

  /** Stops the heartbeat, gives back this node's places and leaves the nodes set. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    try {
      const ips = [...new Set([...this.#held.keys(), ...this.#unsure])];
      this.#held.clear();
      await this.#call(async () => {
        if (ips.length > 0) await this.#restore(ips);
        await this.#client.zRem(this.#nodesKey, this.nodeId);
      });
    } catch {
      // Redis is gone: the places lapse with the node's deadline.
    } finally {
      this.#client.destroy();
    }
  }

  get #nodesKey(): string {
    return `${this.#prefix}{connections}:nodes`;
  }

  #ipKey(ip: string): string {
    return `${this.#prefix}{connections}:ip:${ip}`;
  }

  #placeKeys(ip: string): [string, string] {
    return [this.#ipKey(ip), this.#nodesKey];
  }

  async #beat(): Promise<void> {
    if (this.#closed) return;
    const live = await this.#call(() => this.#client.heartbeat([this.#nodesKey], [this.nodeId, this.#nodeTtlMs]));
    if (live === 0) this.#restoreAll = true;
    if (this.#inFlight > 0 || (!this.#restoreAll && this.#unsure.size === 0)) return;
    const ips = new Set(this.#unsure);
    if (this.#restoreAll) for (const ip of this.#held.keys()) ips.add(ip);
    this.#unsure.clear();
    this.#restoreAll = false;
    try {
      await this.#call(() => this.#restore([...ips]));
    } catch (error) {
      for (const ip of ips) this.#unsure.add(ip);
      throw error;
    }
  }

  /** Writes this node's places for these IPs as `#held` has them, a few hundred keys per script. */
  async #restore(ips: string[]): Promise<void> {
    for (let i = 0; i < ips.length; i += 500) {
      const chunk = ips.slice(i, i + 500);
      await this.#client.restorePlaces(
        chunk.map((ip) => this.#ipKey(ip)),
        [this.nodeId, ...chunk.map((ip) => this.#held.get(ip) ?? 0)],
      );
    }
  }

  /** A call to Redis with a deadline of our own (`withDeadline` says why). */
  async #call<T>(send: () => Promise<T>): Promise<T> {
    if (this.#closed && !this.#client.isOpen) throw new LimitStoreUnavailable(new Error('the store is closed'));
    try {
      return await withDeadline(
        send(),
        this.#timeoutMs,
        () => new LimitStoreUnavailable(new Error(`no answer within ${this.#timeoutMs} ms`)),
      );
    } catch (error) {
      throw error instanceof LimitStoreUnavailable ? error : new LimitStoreUnavailable(error);
    }
  }
}

/**
 * A node-redis client with the limit scripts as commands. As the store's client: until it once
 * got through a failed connection is final, afterwards it reconnects with backoff (50 ms
 * doubling to 2 s, with jitter). Unlike it, nothing waits offline: a rate limit answered late
 * is no use, so while it reconnects calls fail at once.
 */
function createLimitClient(url: string, hasConnected: () => boolean) {
  return createClient({
    url,
    scripts: LIMIT_SCRIPTS,
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
    socket: { reconnectStrategy: reconnectOnceConnected(hasConnected) },
  });
}

type LimitClient = ReturnType<typeof createLimitClient>;
