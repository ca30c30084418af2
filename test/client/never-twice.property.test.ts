import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionLostError,
  DerivClient,
  DerivError,
  TimeoutError,
  type Subscription,
} from '../../src/client/node.js';
import { isMoneyMoving } from '../../src/protocol/calls.js';
import { acceleratedClock, createServer, type AccountsConfig, type LocalServer } from '../../src/server/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { buyRequest, scriptContracts, type ScriptedContract } from '../support/scripted-contracts.js';
import { until } from '../support/until.js';

/*
 * Random interleavings of calls, streams, aborts, timeouts, drops, cuts, blackholes and
 * restarts. Whatever happens, every money-moving request frame reaches a server at most once,
 * every call settles exactly once, and every handle ends or carries on as the connection
 * lifecycle says. Each request is told apart on the server by its passthrough.
 */

const TOKEN = 'NeverTwiceToken';
const accounts: AccountsConfig = {
  accounts: [
    {
      loginid: 'CR700009',
      currency: 'USD',
      balance: 1_000_000,
      is_virtual: false,
      tokens: [{ token: TOKEN, scopes: ['read', 'trade'] }],
    },
  ],
};

type Op =
  | { kind: 'read' }
  | { kind: 'money' }
  | { kind: 'ticks' }
  | { kind: 'buy-stream' }
  | { kind: 'abort'; afterMs: number }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'drop' }
  | { kind: 'cut' }
  | { kind: 'blackhole' }
  | { kind: 'restart' }
  | { kind: 'unsubscribe'; pick: number }
  | { kind: 'forget-all' }
  | { kind: 'reopen' }
  | { kind: 'unsubscribe-on-settle'; pick: number }
  | { kind: 'pause'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'read' as const }),
  fc.constant({ kind: 'money' as const }),
  fc.constant({ kind: 'ticks' as const }),
  fc.constant({ kind: 'buy-stream' as const }),
  fc.record({ kind: fc.constant('abort' as const), afterMs: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('timeout' as const), timeoutMs: fc.integer({ min: 1, max: 40 }) }),
  fc.constant({ kind: 'drop' as const }),
  fc.constant({ kind: 'cut' as const }),
  fc.constant({ kind: 'blackhole' as const }),
  fc.constant({ kind: 'restart' as const }),
  fc.record({ kind: fc.constant('unsubscribe' as const), pick: fc.nat() }),
  fc.constant({ kind: 'forget-all' as const }),
  fc.constant({ kind: 'reopen' as const }),
  fc.record({ kind: fc.constant('unsubscribe-on-settle' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 30 }) }),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TrackedCall {
  op: number;
  money: boolean;
  settlements: number;
  outcome?: { ok: true } | { ok: false; error: unknown };
}

interface TrackedStream {
  op: number;
  money: boolean;
  /** The user stopped it (unsubscribe, forget_all, close): it need not carry on. */
  stopped: boolean;
  handle: Subscription<any>;
  messages: any[];
  error?: unknown;
  ended: boolean;
}

async function runScenario(ops: Op[]): Promise<void> {
  const contracts = new Map<number, ScriptedContract>();
  /** Money-moving frames that reached any server, by the op that sent them. */
  const moneyFrames = new Map<number, number>();
  const startTradingServer = async (): Promise<LocalServer> => {
    const server = await createServer({ port: 0, accounts, clock: acceleratedClock(20) });
    scriptContracts(server, { updates: 3, intervalMs: 15, contracts });
    // A sell answered late, so drops often find it in flight.
    server.handle('sell', () =>
      sleep(25).then(() => ({ sold_for: 1, balance_after: 1, contract_id: 1, reference_id: 1, transaction_id: 1 })),
    );
    server.onRequest(({ call, passthrough }) => {
      if (!isMoneyMoving(call)) return;
      const id = (passthrough as { op?: number } | undefined)?.op ?? -1;
      moneyFrames.set(id, (moneyFrames.get(id) ?? 0) + 1);
    });
    return server;
  };

  let server = await startTradingServer();
  const proxy = await FaultProxy.start(server.port);
  const client = new DerivClient({
    url: proxy.urlFor(server.url),
    minRetryDelayMs: 10,
    maxRetryDelayMs: 40,
    connectTimeoutMs: 500,
    pingIntervalMs: 40,
    pongTimeoutMs: 80,
    requestTimeoutMs: 4_000,
  });
  const calls: TrackedCall[] = [];
  const streams: TrackedStream[] = [];
  const track = (index: number, money: boolean, promise: Promise<unknown>) => {
    const call: TrackedCall = { op: index, money, settlements: 0 };
    calls.push(call);
    promise.then(
      () => {
        call.settlements++;
        call.outcome = { ok: true };
      },
      (error: unknown) => {
        call.settlements++;
        call.outcome = { ok: false, error };
      },
    );
  };
  const follow = (index: number, money: boolean, handle: Subscription<any>) => {
    const stream: TrackedStream = { op: index, money, stopped: false, handle, messages: [], ended: false };
    streams.push(stream);
    handle.on('data', (message) => stream.messages.push(message));
    handle.on('error', (error) => (stream.error = error));
    handle.on('end', () => (stream.ended = true));
  };
  const sell = (index: number) => ({ sell: index + 1, price: 0, passthrough: { op: index } });
  const stop = (stream: TrackedStream | undefined) => {
    if (!stream) return;
    stream.stopped = true;
    void stream.handle.unsubscribe();
  };

  try {
    await client.authorize(TOKEN);
    for (const [index, step] of ops.entries()) {
      switch (step.kind) {
        case 'read':
          track(index, false, client.send({ time: 1, passthrough: { op: index } }));
          break;
        case 'money':
          track(index, true, client.send(sell(index) as never));
          break;
        case 'ticks':
          follow(index, false, client.subscribe({ ticks: '1HZ100V' }));
          break;
        case 'buy-stream':
          follow(
            index,
            true,
            client.subscribe(
              buyRequest({ subscribe: 1, passthrough: { op: index } }) as never,
            ) as unknown as Subscription<any>,
          );
          break;
        case 'abort': {
          const controller = new AbortController();
          track(index, true, client.send(sell(index) as never, { signal: controller.signal }));
          setTimeout(() => controller.abort(), step.afterMs);
          break;
        }
        case 'timeout':
          track(index, true, client.send(sell(index) as never, { timeoutMs: step.timeoutMs }));
          break;
        case 'drop':
          server.dropAll();
          break;
        case 'cut':
          proxy.cut();
          break;
        case 'blackhole':
          proxy.blackhole();
          await sleep(150); // longer than the ping interval and the pong timeout together
          proxy.blackhole(false);
          break;
        case 'restart':
          await server.close();
          server = await startTradingServer();
          proxy.retarget(server.port);
          break;
        case 'unsubscribe':
          stop(streams[step.pick % Math.max(1, streams.length)]);
          break;
        case 'forget-all':
          for (const stream of streams) if (!stream.money) stream.stopped = true;
          await client.forgetAll(['ticks']).catch(() => {});
          break;
        case 'reopen':
          // The user closes and opens again: everything settles, and nothing is sent twice.
          for (const stream of streams) stream.stopped = true;
          await client.close();
          await client.connect({ timeoutMs: 5_000 });
          await client.authorize(TOKEN);
          break;
        case 'unsubscribe-on-settle': {
          // A listener that acts while the client settles other requests (at a drop, say).
          const target = streams[step.pick % Math.max(1, streams.length)];
          const trigger = streams.at(-1);
          trigger?.handle.on('error', () => stop(target));
          break;
        }
        case 'pause':
          await sleep(step.ms);
          break;
      }
    }

    // Every call settles, once, in time.
    await until(() => calls.every((call) => call.settlements > 0), 8_000);
    await sleep(20);
    for (const call of calls) expect(call.settlements, `op ${call.op}`).toBe(1);
    // Every money-moving stream ends: sold, or lost with an unknown outcome (or closed by the user).
    await until(() => streams.every((stream) => !stream.money || stream.ended), 8_000);
    // Read-only streams carry on after everything: each gets a message once the client is back.
    await until(() => client.state.status === 'open', 5_000);
    const live = streams.filter((stream) => !stream.money && !stream.stopped && !stream.ended);
    const counts = live.map((stream) => stream.messages.length);
    await until(() => live.every((stream, i) => stream.messages.length > counts[i]!), 5_000);
    // What the client holds is what the server streams: nothing left running for nobody.
    await until(() => server.subscriptionCount === client.streamCount, 3_000);
  } finally {
    await client.close();
    await proxy.close();
    await server.close();
  }

  for (const [id, count] of moneyFrames) expect(count, `money-moving frame of op ${id}`).toBeLessThanOrEqual(1);
  const framesOf = (index: number) => moneyFrames.get(index) ?? 0;
  for (const call of calls.filter((c) => c.money)) {
    const { outcome } = call;
    if (!outcome) throw new Error(`op ${call.op} never settled`);
    if (outcome.ok) {
      expect(framesOf(call.op), `op ${call.op} answered`).toBe(1);
      continue;
    }
    const { error } = outcome;
    const typed = error instanceof ConnectionLostError || error instanceof TimeoutError || error instanceof AbortError;
    expect(typed || error instanceof DerivError, `op ${call.op}: ${String(error)}`).toBe(true);
    if (typed && !(error as { sent: boolean }).sent) expect(framesOf(call.op), `op ${call.op} never sent`).toBe(0);
  }
  for (const stream of streams.filter((s) => s.money)) {
    const ids = new Set(
      stream.messages.map((message) => message.buy?.contract_id ?? message.proposal_open_contract?.contract_id),
    );
    expect(ids.size, `op ${stream.op} follows one contract`).toBeLessThanOrEqual(1);
    expect(framesOf(stream.op), `op ${stream.op} bought at most once`).toBeLessThanOrEqual(1);
    if (stream.stopped) continue;
    if (stream.error === undefined) {
      expect(framesOf(stream.op), `op ${stream.op} bought once`).toBe(1);
      expect(stream.messages.at(-1)?.proposal_open_contract?.is_sold, `op ${stream.op} followed to the end`).toBe(1);
    } else {
      expect(stream.error).toBeInstanceOf(ConnectionLostError);
      expect(stream.error).toMatchObject({ sent: true });
    }
  }
}

describe('never twice, whatever the interleaving', () => {
  it('money-moving frames reach the server at most once; every call settles once; every handle ends or carries on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), (ops) => runScenario(ops)),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 15), endOnFailure: true },
    );
  }, 120_000);
});
