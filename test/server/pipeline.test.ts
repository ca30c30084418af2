import { describe, expect, it, onTestFinished } from 'vitest';
import { ApiError } from '../../src/server/api-error.js';
import { CallRegistry } from '../../src/server/calls/registry.js';
import { systemFamily } from '../../src/server/calls/system/index.js';
import { ConnectionStates } from '../../src/server/connection-state.js';
import { NO_REPLY, Reply, type CallDefinition } from '../../src/server/calls/types.js';
import { Pipeline, type PipelineConnection } from '../../src/server/pipeline.js';
import { callSchema } from '../../src/server/schemas.js';
import { RequestValidator } from '../../src/server/validation.js';
import { CALLS } from '../../src/protocol/calls.js';
import { systemClock } from '../../src/server/clock.js';
import { Market } from '../../src/server/market/market.js';
import { StreamTable } from '../../src/server/streams/stream-table.js';
import { framePayload } from '../../src/server/streams/text-frame.js';
import { AccountFeed } from '../../src/server/accounts/account-feed.js';
import { SqliteStore } from '../../src/server/store/sqlite-store.js';
import { FaultInjector } from '../../src/server/faults.js';
import { silentLogger } from '../../src/server/logger.js';
import { Settler } from '../../src/server/trading/settler.js';
import { DEFAULT_TRADING_OPTIONS } from '../../src/server/trading/trading-options.js';
import { FairScheduler } from '../../src/server/work/fair-scheduler.js';

function setUp(definitions: CallDefinition[], options: { pipelineTimeoutMs?: number } = {}) {
  const sent: Record<string, any>[] = [];
  const store = new SqliteStore();
  onTestFinished(() => store.close());
  const market = new Market({ seed: 1 }, systemClock);
  const logged: string[] = [];
  const calls = new CallRegistry(systemFamily.calls);
  for (const definition of definitions) calls.define(definition);
  const pipeline = new Pipeline({
    calls,
    validator: new RequestValidator(),
    services: {
      clock: systemClock,
      market,
      store,
      accountFeed: new AccountFeed(store),
      apiCallLimits: {},
      heavyWork: new FairScheduler(),
      demoToken: undefined,
      websiteStatus: () => ({}),
      tradingOptions: DEFAULT_TRADING_OPTIONS,
      settler: new Settler(store, market, systemClock, silentLogger),
    },
    faults: new FaultInjector(),
    logger: { info: () => {}, warn: () => {}, error: (line) => logged.push(line) },
    maxResponseBytes: 600_000,
    pipelineTimeoutMs: options.pipelineTimeoutMs ?? 15_000,
  });
  const states = new ConnectionStates(new Set());
  const connection: PipelineConnection = {
    id: 1,
    api: 'v3',
    channel: undefined,
    appId: '1089',
    lang: 'EN',
    brand: 'deriv',
    appIdRegistered: true,
    remoteAddress: '127.0.0.1',
    userAgent: '',
    streams: new StreamTable(),
    auth: undefined,
    state: (slot) => states.get(slot),
    sendText: (text) => sent.push(JSON.parse(text)),
    sendFrame: (frame) => sent.push(JSON.parse(framePayload(frame).toString())),
    closeWithoutStatus: () => {},
    pauseReading: () => {},
    resumeReading: () => {},
  };
  return { pipeline, connection, sent, logged };
}

const timeSchema = callSchema(CALLS.get('time')!, { properties: {} });

describe('the pipeline', () => {
  it('answers Timeout when a handler outlives the pipeline timeout', async () => {
    const { pipeline, connection, sent } = setUp(
      [{ name: 'time', schema: timeSchema, handle: () => new Promise(() => {}) }],
      { pipelineTimeoutMs: 30 },
    );
    pipeline.handle(connection, { time: 1, req_id: 4 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent).toEqual([
      {
        echo_req: { time: 1, req_id: 4 },
        error: { code: 'Timeout', message: 'Timeout' },
        msg_type: 'error',
        req_id: 4,
      },
    ]);
  });

  it('answers an async handler when it resolves, and an ApiError it throws as an error of that call', async () => {
    const { pipeline, connection, sent } = setUp([
      { name: 'time', schema: timeSchema, handle: async () => 42 },
      {
        name: 'ping',
        schema: callSchema(CALLS.get('ping')!, { properties: {} }),
        handle: async () => {
          throw new ApiError('RateLimit', 'You have reached the rate limit for ping.');
        },
      },
    ]);
    pipeline.handle(connection, { time: 1 });
    pipeline.handle(connection, { ping: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toContainEqual({ echo_req: { time: 1 }, msg_type: 'time', time: 42 });
    expect(sent).toContainEqual({
      echo_req: { ping: 1 },
      error: { code: 'RateLimit', message: 'You have reached the rate limit for ping.' },
      msg_type: 'ping',
    });
  });

  it('turns a handler bug into InternalServerError and logs it', () => {
    const { pipeline, connection, sent, logged } = setUp([
      {
        name: 'time',
        schema: timeSchema,
        handle: () => {
          throw new TypeError('boom: token SecretToken12345 was bad');
        },
      },
    ]);
    pipeline.handle(connection, { time: 1 });
    expect(sent[0]!.error).toEqual({
      code: 'InternalServerError',
      message: 'Sorry, an error occurred while processing your request.',
    });
    expect(logged[0]).toMatch(/^handler for time failed: TypeError at pipeline\.test\.ts:\d+$/);
    // The message may quote the request: it never reaches the log.
    expect(logged.join('\n')).not.toContain('SecretToken12345');
  });

  it('tells a handler its request was abandoned, even when it looks at its signal only afterwards', async () => {
    let resume!: () => void;
    const seen: { abandoned: boolean; aborted: boolean }[] = [];
    const { pipeline, connection, logged } = setUp([
      {
        name: 'time',
        schema: timeSchema,
        handle: async (context) => {
          await new Promise<void>((resolve) => {
            resume = resolve;
          });
          // The signal is made here, after the close: it must start aborted.
          seen.push({ abandoned: context.abandoned, aborted: context.signal.aborted });
          throw new Error('stopped');
        },
      },
    ]);
    pipeline.handle(connection, { time: 1 });
    pipeline.connectionClosed(connection);
    resume();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([{ abandoned: true, aborted: true }]);
    // Work stopped because nobody waits for it is no failure to log.
    expect(logged).toEqual([]);
  });

  it('sends Reply fields as given, and nothing for NO_REPLY', () => {
    const { pipeline, connection, sent } = setUp([
      {
        name: 'time',
        schema: timeSchema,
        handle: () => new Reply('history', { history: { prices: [1] }, pip_size: 2 }),
      },
      { name: 'ping', schema: callSchema(CALLS.get('ping')!, { properties: {} }), handle: () => NO_REPLY },
    ]);
    pipeline.handle(connection, { time: 1, req_id: 1 });
    pipeline.handle(connection, { ping: 1 });
    expect(sent).toEqual([
      { echo_req: { time: 1, req_id: 1 }, msg_type: 'history', history: { prices: [1] }, pip_size: 2, req_id: 1 },
    ]);
  });
});
