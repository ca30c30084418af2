// The trading figures' requests, for the load worker (load-worker.ts lists them). Every
// connection is authorized as one of the server's `--traders` accounts (bench/lib/traders.ts).
//   traders     {count, transactions?}        opens `count` connections, one per trader account, each
//                                             authorized; with `transactions`, each streams its account's
//                                             ledger and every sell row's arrival is recorded
//   buyRtt      {count, warmup, request}      on one authorized connection, a ping then a `request` (a buy),
//                                             sequentially, `count` times after `warmup` → p50/p99 µs of each
//   buy         {count, request, window}      `count` buys over the traders' connections, `window` in flight
//   sold        {}                            how many sell rows the transaction streams brought since the last
//                                             `sold` or `settlement` (`traders` with `transactions`)
//   settlement  {count, window, symbol, clock, ticksAhead, waitMs}
//                                             buys `count` contracts on a one-second-tick symbol whose exit ticks
//                                             all fall on one epoch, `ticksAhead` (≤ 10) ticks from now, waits for
//                                             their sell rows, and times each from the moment the market clock
//                                             reached its exit epoch → ms
//   boughtStreams {count, traders, request, epochKey, window}
//                                             opens `count` connections, the i-th authorized as trader i mod
//                                             `traders`, and sends on each the i-th mod n of `request` (buys with
//                                             `subscribe: 1`), `window` connections at a time: a contract's stream
//                                             on each, its messages recorded as the `subscribers`' are (by the
//                                             epoch in `epochKey`); answers once every buy has been answered
import type WebSocket from 'ws';
import { type ClockSample, marketTimeAt, wallTimeAt } from '../lib/market-clock.js';
import { percentile, sortedCopy } from '../lib/stats.js';
import { traderToken } from '../lib/traders.js';
import { caller, connectMany, numberAfter } from './sockets.js';

type Handler = (args: Record<string, any>) => Promise<unknown>;

const SELL = Buffer.from('"action":"sell"');
const TRANSACTION_TIME = Buffer.from('"transaction_time":');
const wallNow = () => performance.timeOrigin + performance.now();

/** Fails the run on a refused call: a figure of errors measures nothing. */
function expectAnswer(reply: string, what: string): string {
  if (reply.includes('"error"')) throw new Error(`${what} refused: ${reply.slice(0, 300)}`);
  return reply;
}

/**
 * Sends `body` on a connection that has nothing else in flight and resolves with the next message
 * that answers it (its `msg_type`): no `caller`, whose listener would parse every stream message
 * after it and tax this side of the figure the `subscribers` do not pay.
 */
function answerOf(socket: WebSocket, body: string, msgType: string): Promise<string> {
  const expected = Buffer.from(`"msg_type":"${msgType}"`);
  return new Promise((resolve) => {
    const listener = (data: Buffer) => {
      if (!data.includes(expected)) return;
      socket.off('message', listener);
      resolve(data.toString());
    };
    socket.on('message', listener);
    socket.send(body);
  });
}

export function tradingHandlers(
  url: string,
  held: WebSocket[],
  recordReceipts: (socket: WebSocket, epochKey: string) => void,
): Record<string, Handler> {
  let calls: Array<(body: string) => Promise<string>> = [];
  /** Sell rows seen on the transaction streams: when each arrived, and its transaction_time (the exit epoch). */
  let sells: Array<{ at: number; epoch: number }> = [];

  /** `count` buys of `request` over every trader connection, `window` in flight in all. */
  async function buyMany(count: number, request: (lane: number) => string, window: number) {
    let issued = 0;
    const lane = async (index: number) => {
      const call = calls[index % calls.length]!;
      while (issued < count) {
        issued++;
        expectAnswer(await call(request(index)), 'buy');
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, count) }, (_, i) => lane(i)));
  }

  return {
    async traders({ count, transactions = false }) {
      const opened = await connectMany(url, count);
      held.push(...opened);
      calls = opened.map(caller);
      await Promise.all(
        calls.map((call, i) => call(`{"authorize":"${traderToken(i)}"}`).then((r) => expectAnswer(r, 'authorize'))),
      );
      if (transactions) {
        for (const socket of opened)
          socket.on('message', (data: Buffer) => {
            if (data.includes(SELL)) sells.push({ at: wallNow(), epoch: numberAfter(data, TRANSACTION_TIME) });
          });
        await Promise.all(
          calls.map((call) => call('{"transaction":1,"subscribe":1}').then((r) => expectAnswer(r, 'transaction'))),
        );
      }
      return { traders: opened.length };
    },

    async buyRtt({ count, warmup, request }) {
      const [socket] = await connectMany(url, 1);
      const call = caller(socket!);
      expectAnswer(await call(`{"authorize":"${traderToken(0)}"}`), 'authorize');
      const pings = new Float64Array(count);
      const buys = new Float64Array(count);
      // Alternating, so that both see the same server: the same open contracts, the same settlements.
      for (let i = 0; i < warmup + count; i++) {
        let start = process.hrtime.bigint();
        await call('{"ping":1}');
        const ping = Number(process.hrtime.bigint() - start) / 1_000;
        start = process.hrtime.bigint();
        const reply = await call(request);
        const buy = Number(process.hrtime.bigint() - start) / 1_000;
        expectAnswer(reply, 'buy');
        if (i >= warmup) {
          pings[i - warmup] = ping;
          buys[i - warmup] = buy;
        }
      }
      socket!.terminate();
      const [p, b] = [sortedCopy(pings), sortedCopy(buys)];
      return {
        ping_p50_us: percentile(p, 50),
        ping_p99_us: percentile(p, 99),
        buy_p50_us: percentile(b, 50),
        buy_p99_us: percentile(b, 99),
      };
    },

    async buy({ count, request, window }) {
      const started = performance.now();
      await buyMany(count, () => request, window);
      return { bought: count, buys_per_s: count / ((performance.now() - started) / 1000) };
    },

    async sold() {
      const count = sells.length;
      sells = [];
      return { sold: count };
    },

    async boughtStreams({ count, traders, request, epochKey, window }) {
      const opened = await connectMany(url, count);
      held.push(...opened);
      const requests: string[] = request;
      let next = 0;
      const lane = async () => {
        while (next < count) {
          const index = next++;
          const socket = opened[index]!;
          const authorized = await answerOf(socket, `{"authorize":"${traderToken(index % traders)}"}`, 'authorize');
          expectAnswer(authorized, 'authorize');
          // Before the buy: its stream's first message may come in the same read as the buy's answer.
          recordReceipts(socket, epochKey);
          expectAnswer(await answerOf(socket, requests[index % requests.length]!, 'buy'), 'buy');
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
      return { bought: count, buy_s: (performance.now() - started) / 1000 };
    },

    async settlement({ count, window, symbol, clock, ticksAhead, waitMs }) {
      const sample = clock as ClockSample;
      const marketNow = () => marketTimeAt(sample, wallNow());
      const wallAt = (epoch: number) => wallTimeAt(sample, epoch * 1000);
      // A buy in market second s enters on the tick at s + 1 (the first strictly after it) and a
      // rise/fall of n ticks exits n ticks later: n = target - s - 1 puts every exit on `target`.
      // From `ticksAhead` ticks down to 1, the buys have that many market seconds.
      const target = Math.floor(marketNow() / 1000) + 1 + ticksAhead;
      sells = [];
      const request = () => {
        const ticks = Math.max(1, Math.min(ticksAhead, target - Math.floor(marketNow() / 1000) - 1));
        return `{"buy":"1","price":1,"parameters":{"amount":1,"basis":"stake","contract_type":"CALL","currency":"USD","duration":${ticks},"duration_unit":"t","symbol":"${symbol}"}}`;
      };
      const started = performance.now();
      await buyMany(count, request, window);
      const buySeconds = (performance.now() - started) / 1000;
      const deadline = performance.now() + waitMs + Math.max(0, wallAt(target) - wallNow());
      while (sells.length < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (sells.length < count) throw new Error(`${sells.length} of ${count} contracts settled in time`);
      const lags = sortedCopy(sells.map((sell) => sell.at - wallAt(sell.epoch)));
      const perExit = new Map<number, number>();
      for (const { epoch } of sells) perExit.set(epoch, (perExit.get(epoch) ?? 0) + 1);
      return {
        p50_ms: percentile(lags, 50),
        p99_ms: percentile(lags, 99),
        max_ms: lags[lags.length - 1]!,
        on_target_pct: ((perExit.get(target) ?? 0) / count) * 100,
        largest_batch: Math.max(...perExit.values()),
        buy_s: buySeconds,
      };
    },
  };
}
