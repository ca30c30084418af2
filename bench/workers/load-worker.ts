// A load generator in a process of its own, so the server's figures do not include the
// load's own work. Plain `ws` clients (the thinnest possible), driven over IPC with
// `{id, type, ...args}` messages answered by `{id, body}`:
//   rtt          {count, warmup}                        sequential pings on one connection → p50/p99 µs
//   throughput   {connections, window, count, call}     `count` calls, `window` in flight in all → calls/s
//   hold         {count}                                 opens and keeps `count` idle connections
//   subscribers  {count, request, epochKey?, confirmed?}  opens `count` connections, each sends `request` (or,
//                                                        given a list, the i-th connection its i-th mod n);
//                                                        records when each message arrives, by the epoch in
//                                                        its `epochKey` field (`epoch`; a proposal's `spot_time`);
//                                                        with `confirmed`, answers once each has had a message
//   receipts     {}                                      the arrival times since the last call, by epoch (of the
//                                                        `subscribers`' messages and the `boughtStreams`')
//   churn        {pairs}                                 subscribe+forget pairs on one connection
//   fairness     {heavy, request, pings}                 one connection writes `heavy` copies of `request` at once
//                                                        while another pings back to back until they are all
//                                                        answered (or `pings` times with heavy 0) → ping ms
//   stop         {}                                      exits
// and the trading figures' requests (trading-load.ts).
import { parseArgs } from 'node:util';
import type WebSocket from 'ws';
import { percentile, sortedCopy } from '../lib/stats.js';
import { caller, connectMany as connectTo, numberAfter } from './sockets.js';
import { tradingHandlers } from './trading-load.js';

const { values } = parseArgs({ options: { url: { type: 'string' } } });
const url = values.url!;
const sockets: WebSocket[] = [];
let receipts = new Map<number, number[]>();
const connectMany = (count: number) => connectTo(url, count);

/** Records when each of the socket's messages arrives, by the epoch in its `epochKey` field (for `receipts`). */
function recordReceipts(socket: WebSocket, epochKey: string): void {
  const key = Buffer.from(`"${epochKey}":`);
  socket.on('message', (data: Buffer) => {
    const at = performance.timeOrigin + performance.now();
    // No JSON.parse: the receiving side should cost as little as it can, for every contender alike.
    const epoch = numberAfter(data, key);
    let list = receipts.get(epoch);
    if (!list) receipts.set(epoch, (list = []));
    list.push(at);
  });
}

const handlers: Record<string, (args: Record<string, any>) => Promise<unknown>> = {
  ...tradingHandlers(url, sockets, recordReceipts),
  async rtt({ count, warmup }) {
    const [socket] = await connectMany(1);
    const call = caller(socket!);
    for (let i = 0; i < warmup; i++) await call('{"ping":1}');
    const samples = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const start = process.hrtime.bigint();
      await call('{"ping":1}');
      samples[i] = Number(process.hrtime.bigint() - start) / 1_000;
    }
    socket!.terminate();
    const sorted = sortedCopy(samples);
    return { p50_us: percentile(sorted, 50), p99_us: percentile(sorted, 99) };
  },

  async throughput({ connections, window, count, call: name }) {
    const opened = await connectMany(connections);
    const callers = opened.map(caller);
    const body = `{"${name}":1}`;
    const lanes = Math.max(window, connections);
    const run = async (total: number) => {
      let issued = 0;
      const lane = async (index: number) => {
        const call = callers[index % callers.length]!;
        while (issued < total) {
          issued++;
          await call(body);
        }
      };
      await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
    };
    // Warm up the JIT on both ends with a tenth of the calls.
    await run(Math.ceil(count / 10));
    const start = performance.now();
    await run(count);
    const seconds = (performance.now() - start) / 1000;
    for (const socket of opened) socket.terminate();
    return { calls_per_s: count / seconds };
  },

  async hold({ count }) {
    sockets.push(...(await connectMany(count)));
    return { held: sockets.length };
  },

  async subscribers({ count, request, epochKey = 'epoch', confirmed = false }) {
    const opened = await connectMany(count);
    const firsts: Promise<unknown>[] = [];
    const requests: string[] = typeof request === 'string' ? [request] : request;
    for (const [index, socket] of opened.entries()) {
      recordReceipts(socket, epochKey);
      if (confirmed) firsts.push(new Promise((resolve) => socket.once('message', resolve)));
      socket.send(requests[index % requests.length]!);
    }
    sockets.push(...opened);
    // A reply that is still on its way when the measured ticks start would be timed as if it were one of theirs.
    await Promise.all(firsts);
    return { subscribed: opened.length };
  },

  async receipts() {
    const result = Object.fromEntries(receipts);
    receipts = new Map();
    return result;
  },

  async churn({ pairs }) {
    const [socket] = await connectMany(1);
    const call = caller(socket!);
    for (let i = 0; i < pairs; i++) {
      const reply = await call('{"ticks_history":"1HZ10V","end":"latest","count":1,"subscribe":1}');
      const id = /"subscription":\{"id":"([^"]+)"/.exec(reply)?.[1];
      await call(`{"forget":"${id}"}`);
    }
    socket!.terminate();
    return { pairs };
  },

  async fairness({ heavy, request, pings }) {
    const [pinger, busy] = await connectMany(2);
    const ping = caller(pinger!);
    for (let i = 0; i < 200; i++) await ping('{"ping":1}');
    let answered = 0;
    let refused = 0;
    const allAnswered = new Promise<void>((resolve) => {
      if (heavy === 0) resolve();
      busy!.on('message', (data: Buffer) => {
        if (data.includes('"error"')) refused++;
        if (++answered === heavy) resolve();
      });
    });
    let done = false;
    void allAnswered.then(() => (done = true));
    // One write, as a client that sends its whole budget at once: the server reads it in one go.
    const tcp = (busy as unknown as { _socket: import('node:net').Socket })._socket;
    const started = performance.now();
    tcp.cork();
    for (let i = 0; i < heavy; i++) busy!.send(request);
    tcp.uncork();
    const samples: number[] = [];
    while (heavy > 0 ? !done : samples.length < pings) {
      const start = performance.now();
      await ping('{"ping":1}');
      samples.push(performance.now() - start);
    }
    await allAnswered;
    const seconds = (performance.now() - started) / 1000;
    pinger!.terminate();
    busy!.terminate();
    const sorted = sortedCopy(samples);
    return {
      p50_ms: percentile(sorted, 50),
      p99_ms: percentile(sorted, 99),
      max_ms: sorted[sorted.length - 1]!,
      pings: samples.length,
      heavy_s: seconds,
      refused,
    };
  },
};

// The parent is gone (killed, crashed): nobody will stop this load, so it stops itself.
process.on('disconnect', () => process.exit(1));
process.on('message', async (message: { id: number; type: string } & Record<string, unknown>) => {
  if (message.type === 'stop') {
    for (const socket of sockets) socket.terminate();
    process.send!({ id: message.id, body: null }, () => process.exit(0));
    return;
  }
  try {
    const handler = handlers[message.type];
    if (!handler) throw new Error(`unknown request ${message.type}`);
    process.send!({ id: message.id, body: await handler(message) });
  } catch (error) {
    process.send!({ id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
process.send!({ ready: true });
