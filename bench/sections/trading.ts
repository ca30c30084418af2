import type { BenchConfig } from '../lib/config.js';
import type { Figure } from '../lib/figures.js';
import { interleave } from '../lib/measure.js';
import { startLoadProcess, startServerProcess, withServer, type Controlled } from '../lib/processes.js';
import { type ClockSample, wallTimeAt } from '../lib/market-clock.js';
import { percentile, sortedCopy, type Summary } from '../lib/stats.js';
import { fanoutRun, TICK_REQUEST } from './fanout.js';

const section = 'trading';

/** A rise/fall of 5 ticks on R_100 for 1 USD, bought with `buy: "1"` at its stake as the maximum price. */
export const BUY_REQUEST =
  '{"buy":"1","price":1,"parameters":{"amount":1,"basis":"stake","contract_type":"CALL","currency":"USD","duration":5,"duration_unit":"t","symbol":"R_100"}}';
/** The same for an hour: it stays open while the heap is measured. */
export const HOUR_REQUEST = BUY_REQUEST.replace('"duration":5,"duration_unit":"t"', '"duration":1,"duration_unit":"h"');
/**
 * Streamed proposals that are repriced on every tick of 1HZ100V: higher/lower, with a barrier (an
 * at-the-money rise/fall is constant-price and never streams, docs/trading.md). Twenty distinct
 * contracts (stakes 1–5 USD × 5–8 ticks), which the subscribers take in turn: a server that prices
 * each distinct contract once per tick would be flattered by streams that all ask for the same one.
 */
const PROPOSAL_REQUESTS = [1, 2, 3, 4, 5].flatMap((amount) =>
  [5, 6, 7, 8].map(
    (duration) =>
      `{"proposal":1,"subscribe":1,"amount":${amount},"barrier":"+0.1","basis":"stake","contract_type":"CALL","currency":"USD","duration":${duration},"duration_unit":"t","symbol":"1HZ100V"}`,
  ),
);
/**
 * Multipliers bought with `subscribe: 1`, each then streamed on its connection and revalued on
 * every tick of 1HZ100V: stake 1, ×10 (the symbol's smallest), up and down in turn, and no take
 * profit or stop loss, so none closes while it is measured: the stop out is a 9.8 % move (the
 * commission is 0.02 over the notional of 10), hundreds of the minute's σ.
 */
const MULTIPLIER_REQUESTS = ['MULTUP', 'MULTDOWN'].map(
  (type) =>
    `{"buy":"1","price":1,"parameters":{"amount":1,"basis":"stake","contract_type":"${type}","currency":"USD","multiplier":10,"symbol":"1HZ100V"},"subscribe":1}`,
);
/** Buys in flight over the traders' connections while contracts are opened. */
const BUY_WINDOW = 200;

interface Memory {
  heapUsed: number;
}

/**
 * Trading figures: our server, rate limits off, with `--traders` demo accounts. Each figure's
 * floor is the server's own cheapest work of the same shape, in the same run: a ping for a buy,
 * tick streams for proposal streams. Settlement and memory are against absolute bars.
 */
export async function tradingFigures(config: BenchConfig, log: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];

  log('trading: buy round trip against ping, one connection');
  const rtt = await interleave(['ours'], config.rounds, () =>
    withServer('ours', ['--traders', '1'], (_server, load) =>
      load.request<Record<string, number>>('buyRtt', {
        count: config.tradingBuys,
        warmup: config.tradingBuyWarmup,
        request: BUY_REQUEST,
      }),
    ),
  );
  for (const p of ['p50', 'p99'] as const)
    figures.push({
      section,
      name: `buy round trip ${p} (buy "1" with parameters)`,
      unit: 'µs',
      ours: rtt.ours![`buy_${p}_us`]!,
      floor: rtt.ours![`ping_${p}_us`]!,
      floorName: 'ping on the same connection',
      bar: { maxRatio: 2 },
    });

  for (const count of config.proposalCounts) {
    log(`trading: proposal fan-out, ${count} streams`);
    const result = await interleave(['proposals', 'ticks'] as const, config.heavyRounds, (kind) =>
      fanoutRun('ours', count, config, 1, {
        request: kind === 'proposals' ? PROPOSAL_REQUESTS : TICK_REQUEST,
        epochKey: kind === 'proposals' ? 'spot_time' : 'epoch',
        // Both, so that both start measuring alike (a tick stream's first message is its first tick).
        confirmed: true,
      }),
    );
    for (const p of ['p50', 'p99'] as const)
      figures.push(
        fanoutFigure(`proposal fan-out ${p}, ${count.toLocaleString('en')} streams`, result, `${p}_ms`, count),
      );
  }

  for (const count of config.multiplierCounts) figures.push(...(await multiplierFigures(config, count, log)));

  // Twice: at the bench's 2× clock (a 500 ms tick, as the fan-out figures run) and at 1HZ100V's
  // own one-second tick, Deriv's cadence. The bar is one tick interval at each: settling must be
  // done before the next tick comes.
  for (const tickIntervalMs of [...new Set([config.tickIntervalMs, 1_000])]) {
    const cadence =
      tickIntervalMs === 1_000
        ? "1HZ100V's own 1 s ticks"
        : `${tickIntervalMs} ms ticks (${1_000 / tickIntervalMs}× clock)`;
    log(`trading: settlement of ${config.openContracts} contracts on one exit tick, ${cadence}`);
    const settlement = await interleave(['ours'], config.heavyRounds, () => settlementRun(config, tickIntervalMs));
    const lag = settlement.ours!;
    const contracts = `${config.openContracts.toLocaleString('en')} contracts on one exit tick, ${cadence}`;
    figures.push({
      section,
      name: `settlement lag p99, ${contracts}`,
      unit: 'ms',
      ours: lag.p99_ms!,
      bar: { absoluteMax: tickIntervalMs },
      note:
        `From the moment the market clock reached a contract's exit tick (its epoch placed on the wall clock by the ` +
        `server's clock) to the arrival of its sell row on the account's \`transaction\` stream, which the server sends ` +
        `after the sale has committed. 1HZ100V at ${tickIntervalMs} ms a tick; median p50 ` +
        `${lag.p50_ms!.median.toFixed(1)} ms, max ${lag.max_ms!.median.toFixed(1)} ms; ` +
        `${lag.on_target_pct!.median.toFixed(1)} % of the contracts exited on the aimed-at tick ` +
        `(largest batch ${Math.round(lag.largest_batch!.median).toLocaleString('en')}).`,
    });
    figures.push({
      section,
      name: `settlement commit lag p99, ${contracts}`,
      unit: 'ms',
      ours: lag.commit_p99_ms!,
      note:
        'The same sales as the store announced them, once their transaction had committed (the settled ledger ' +
        `row), before any message was built: the part of the lag above that is the server's own settling; median ` +
        `p50 ${lag.commit_p50_ms!.median.toFixed(1)} ms.`,
    });
  }

  log(`trading: heap per open contract (${config.openContracts})`);
  const heap = await interleave(['ours'], config.heavyRounds, () =>
    withServer('ours', ['--traders', String(config.traders)], async (server, load) => {
      await load.request('traders', { count: config.traders });
      // Opened first, so the structures made on the first buys are not charged to the rest.
      await load.request('buy', {
        count: Math.ceil(config.openContracts / 10),
        request: HOUR_REQUEST,
        window: BUY_WINDOW,
      });
      const before = await server.request<Memory>('memory');
      await load.request('buy', { count: config.openContracts, request: HOUR_REQUEST, window: BUY_WINDOW }, 300_000);
      const after = await server.request<Memory>('memory');
      return { bytes_per_contract: (after.heapUsed - before.heapUsed) / config.openContracts };
    }),
  );
  figures.push({
    section,
    name: `server heap per open contract (${config.openContracts.toLocaleString('en')})`,
    unit: 'B',
    ours: heap.ours!.bytes_per_contract!,
    note: 'V8 heap only: the contract rows live in SQLite (`:memory:` here), outside it.',
  });
  return figures;
}

function fanoutFigure(
  name: string,
  result: Record<string, Record<string, Summary>>,
  metric: string,
  count: number,
): Figure {
  return {
    section,
    name,
    unit: 'ms',
    ours: result.proposals![metric]!,
    floor: result.ticks![metric]!,
    floorName: 'tick fan-out to as many connections, same server',
    // As for tick fan-out, small counts are timer noise.
    ...(count >= 1_000 ? { bar: { maxRatio: 1.5 } } : {}),
  };
}

/**
 * Open multipliers revalued per tick: `count` of them, one per connection, each on the stream its
 * buy opened, against `count` proposal streams (the proposal fan-out's) in the same run, on
 * servers with the same `--traders` accounts. Interleaved, fresh processes each run.
 */
async function multiplierFigures(config: BenchConfig, count: number, log: (line: string) => void): Promise<Figure[]> {
  log(`trading: ${count} open multipliers streamed against ${count} proposal streams`);
  const serverArgs = ['--traders', String(config.traders)];
  const result = await interleave(['multipliers', 'proposals'] as const, config.multiplierRounds, (kind) =>
    fanoutRun(
      'ours',
      count,
      config,
      1,
      kind === 'multipliers'
        ? { request: MULTIPLIER_REQUESTS, epochKey: 'current_spot_time', serverArgs, buyers: config.traders }
        : { request: PROPOSAL_REQUESTS, epochKey: 'spot_time', confirmed: true, serverArgs },
    ),
  );
  const ours = result.multipliers!;
  const floor = result.proposals!;
  const streams = `${count.toLocaleString('en')} streams`;
  const median = (summary: Summary | undefined) => summary?.median.toFixed(1) ?? '—';
  const figures: Figure[] = (['p50', 'p99'] as const).map((p) => ({
    section,
    name: `open multipliers revalued per tick ${p}, ${streams}`,
    unit: 'ms',
    ours: ours[`${p}_ms`]!,
    floor: floor[`${p}_ms`]!,
    floorName: 'proposal streams to as many connections, same server',
    // As for the fan-out figures, small counts are timer noise.
    ...(count >= 1_000 ? { bar: { maxRatio: 1.2 } } : {}),
  }));
  figures.push({
    section,
    name: `server CPU per tick, ${count.toLocaleString('en')} open multipliers streamed`,
    unit: 'ms',
    ours: ours.cpu_ms_per_tick!,
    floor: floor.cpu_ms_per_tick!,
    floorName: 'as many proposal streams, same server',
    note:
      `The server's CPU (user + system) over the measured ticks, divided by the ticks: the settler's look at every ` +
      `open multiplier on each tick included. The feed's send loop (the views built and queued) median ` +
      `${median(ours.send_loop_ms)} ms against the proposals' ${median(floor.send_loop_ms)} ms; each tick's ` +
      `publication began a median ${median(ours.publish_delay_p50_ms)} ms after it was due (proposals ` +
      `${median(floor.publish_delay_p50_ms)} ms), at most ${median(ours.publish_delay_max_ms)} ms (median of the ` +
      `runs). ${ours.delivered_pct!.min.toFixed(1)} % of the multipliers' messages were timed in the worst run, and ` +
      `${median(ours.early_pct)} % (median) carried the next tick's spot before it was published (the view reads the ` +
      `clock, not the tick it is handed).`,
  });
  return figures;
}

/**
 * One settlement run: a warm-up of a tenth of the contracts, then `openContracts` bought over
 * `traders` accounts so that all of them exit on one tick, timed by the load process, with
 * 1HZ100V ticking every `tickIntervalMs` of real time.
 */
export async function settlementRun(
  config: BenchConfig,
  tickIntervalMs = config.tickIntervalMs,
): Promise<Record<string, number>> {
  const server = await startServerProcess('ours', [
    '--traders',
    String(config.traders),
    '--speed',
    String(1_000 / tickIntervalMs),
    '--record-sales',
  ]);
  let load: Controlled | undefined;
  try {
    load = await startLoadProcess(server.url);
    await load.request('traders', { count: config.traders, transactions: true });
    const clock = await server.request<ClockSample>('clock');
    const run = (count: number) =>
      load!.request<Record<string, number>>(
        'settlement',
        // Ten ticks ahead (the longest tick contract) gives the buys ten market seconds; a small batch needs few.
        {
          count,
          window: BUY_WINDOW,
          symbol: '1HZ100V',
          clock,
          ticksAhead: count > 1_000 ? 10 : 3,
          waitMs: 20 * tickIntervalMs,
        },
        300_000,
      );
    await run(Math.ceil(config.openContracts / 10));
    await server.request('sales');
    const received = await run(config.openContracts);
    // The same sales as the server committed them, before any message was built.
    const sales = await server.request<Array<{ at: number; sellTimeMs: number }>>('sales');
    const committed = sortedCopy(sales.map((sale) => sale.at - wallTimeAt(clock, sale.sellTimeMs)));
    return { ...received, commit_p50_ms: percentile(committed, 50), commit_p99_ms: percentile(committed, 99) };
  } finally {
    await load?.stop();
    await server.stop();
  }
}
