import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConnectionLostError,
  DerivClient,
  DerivError,
  RestError,
  TimeoutError,
  type Subscription,
} from '../../../src/client/options-node.js';
import { isMoneyMoving } from '../../../src/protocol/calls.js';
import { acceleratedClock, createServer, type AccountsConfig } from '../../../src/server/index.js';
import { FaultProxy } from '../../support/fault-proxy.js';
import { until } from '../../support/until.js';
import { APP_ID, TOKEN } from './fixture.js';

/*
 * test/client/never-twice.property.test.ts on the new API: random interleavings of calls,
 * streams, server closes, cuts and blackholes, with an OTP from REST (through the same fault
 * proxy, so the OTP URL points at it too) for every socket. Every money-moving frame reaches
 * the server at most once, every call settles once, every buy stream ends or follows its one
 * contract to the end. Requests are told apart on the server by their passthrough.
 */

const accounts: AccountsConfig = {
  accounts: [
    {
      loginid: 'CR700019',
      currency: 'USD',
      balance: 1_000_000,
      is_virtual: false,
      user_id: 1,
      tokens: [{ token: TOKEN, scopes: ['read', 'trade'] }],
    },
  ],
};

type Op =
  | { kind: 'read' }
  | { kind: 'money' }
  | { kind: 'ticks' }
  | { kind: 'buy-stream' }
  | { kind: 'close' }
  | { kind: 'cut' }
  | { kind: 'blackhole' }
  | { kind: 'pause'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'read' as const }),
  fc.constant({ kind: 'money' as const }),
  fc.constant({ kind: 'ticks' as const }),
  fc.constant({ kind: 'buy-stream' as const }),
  fc.constant({ kind: 'close' as const }),
  fc.constant({ kind: 'cut' as const }),
  fc.constant({ kind: 'blackhole' as const }),
  fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 30 }) }),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PARAMETERS = {
  contract_type: 'CALL',
  underlying_symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 1,
  duration: 3,
  duration_unit: 't',
} as const;

interface TrackedCall {
  op: number;
  money: boolean;
  settlements: number;
  outcome?: { ok: true } | { ok: false; error: unknown };
}

interface TrackedStream {
  op: number;
  money: boolean;
  handle: Subscription<any>;
  messages: any[];
  error?: unknown;
  ended: boolean;
}

async function runScenario(ops: Op[]): Promise<void> {
  const moneyFrames = new Map<number, number>();
  const server = await createServer({
    port: 0,
    accounts,
    clock: acceleratedClock(20),
    market: { seed: 3 },
    rateLimits: false,
  });
  server.onRequest(({ call, passthrough }) => {
    if (!isMoneyMoving(call)) return;
    const id = (passthrough as { op?: number } | undefined)?.op ?? -1;
    moneyFrames.set(id, (moneyFrames.get(id) ?? 0) + 1);
  });
  const proxy = await FaultProxy.start(server.port);
  const client = new DerivClient({
    api: 'options',
    appId: APP_ID,
    token: TOKEN,
    accountId: 'CR700019',
    restUrl: `http://127.0.0.1:${proxy.port}`,
    restTimeoutMs: 300,
    minRetryDelayMs: 10,
    maxRetryDelayMs: 40,
    connectTimeoutMs: 500,
    pingIntervalMs: 40,
    pongTimeoutMs: 80,
    requestTimeoutMs: 4_000,
  });
  // A REST call or an upgrade the faults broke is reported, then retried.
  client.on('error', () => {});
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
    const stream: TrackedStream = { op: index, money, handle, messages: [], ended: false };
    streams.push(stream);
    handle.on('data', (message) => stream.messages.push(message));
    handle.on('error', (error) => (stream.error = error));
    handle.on('end', () => (stream.ended = true));
  };
  const buy = (index: number, subscribe: boolean) => ({
    buy: '1',
    price: 1,
    parameters: PARAMETERS,
    passthrough: { op: index },
    ...(subscribe ? { subscribe: 1 as const } : {}),
  });

  try {
    await client.connect({ timeoutMs: 5_000 });
    // The OTP URL names the host REST was asked on, the proxy: a cut drops the socket too.
    const dropped = new Promise((resolve) => client.once('close', resolve));
    proxy.cut();
    await dropped;
    for (const [index, step] of ops.entries()) {
      switch (step.kind) {
        case 'read':
          track(
            index,
            false,
            client.send({ ticks_history: 'R_100', end: 'latest', count: 1, passthrough: { op: index } }),
          );
          break;
        case 'money':
          track(index, true, client.send(buy(index, false)));
          break;
        case 'ticks':
          follow(index, false, client.subscribe({ ticks: 'R_100' }));
          break;
        case 'buy-stream':
          follow(index, true, client.subscribe(buy(index, true)) as unknown as Subscription<any>);
          break;
        case 'close':
          server.closeConnections({ code: 1011 });
          break;
        case 'cut':
          proxy.cut();
          break;
        case 'blackhole':
          proxy.blackhole();
          await sleep(150); // longer than the ping interval and the pong timeout together
          proxy.blackhole(false);
          break;
        case 'pause':
          await sleep(step.ms);
          break;
      }
    }

    await until(() => calls.every((call) => call.settlements > 0), 8_000);
    await sleep(20);
    for (const call of calls) expect(call.settlements, `op ${call.op}`).toBe(1);
    await until(() => streams.every((stream) => !stream.money || stream.ended), 8_000);
    await until(() => client.state.status === 'open', 5_000);
    const live = streams.filter((stream) => !stream.money && !stream.ended);
    const counts = live.map((stream) => stream.messages.length);
    await until(() => live.every((stream, i) => stream.messages.length > counts[i]!), 5_000);
  } finally {
    await client.close();
    await proxy.close();
    await server.close();
  }

  // A fault never stops the client for good: no REST error was an auth error.
  expect(client.state).toMatchObject({ status: 'closed' });
  expect((client.state as { error?: unknown }).error).toBeUndefined();
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
    expect(error).not.toBeInstanceOf(RestError);
    const typed = error instanceof ConnectionLostError || error instanceof TimeoutError;
    expect(typed || error instanceof DerivError, `op ${call.op}: ${String(error)}`).toBe(true);
    if (typed && !(error as { sent: boolean }).sent) expect(framesOf(call.op), `op ${call.op} never sent`).toBe(0);
  }
  for (const stream of streams.filter((s) => s.money)) {
    const ids = new Set(
      stream.messages.map((message) => message.buy?.contract_id ?? message.proposal_open_contract?.contract_id),
    );
    expect(ids.size, `op ${stream.op} follows one contract`).toBeLessThanOrEqual(1);
    expect(framesOf(stream.op), `op ${stream.op} bought at most once`).toBeLessThanOrEqual(1);
    if (stream.error === undefined) {
      expect(framesOf(stream.op), `op ${stream.op} bought once`).toBe(1);
      expect(stream.messages.at(-1)?.proposal_open_contract?.is_sold, `op ${stream.op} followed to the end`).toBe(1);
    } else {
      expect(stream.error).toBeInstanceOf(ConnectionLostError);
      expect(stream.error).toMatchObject({ sent: true });
    }
  }
}

describe('never twice on the new API, whatever the interleaving', () => {
  it('money-moving frames reach the server at most once; every call settles once; every buy stream ends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), (ops) => runScenario(ops)),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 10), endOnFailure: true },
    );
  }, 120_000);
});
