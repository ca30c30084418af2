import type { BenchConfig } from '../lib/config.js';
import type { Figure } from '../lib/figures.js';
import { interleave } from '../lib/measure.js';
import type { Summary } from '../lib/stats.js';
import { runClientScenario, startServerProcess } from '../lib/processes.js';

const ALL = ['raw-ws', 'deriv-ws', 'deriv-api'] as const;

type Results = Record<string, Record<string, Summary>>;
type FigureText = Pick<Figure, 'name' | 'unit'> & Partial<Pick<Figure, 'bar' | 'note' | 'floorName'>>;

/** A figure that all three contenders took part in: ours, the raw floor, and deriv-api beside them. */
function threeWay(results: Results, metric: string, text: FigureText): Figure {
  return {
    section: 'client',
    floorName: 'raw ws client',
    ...text,
    ours: results['deriv-ws']![metric]!,
    floor: results['raw-ws']![metric]!,
    peer: results['deriv-api']![metric]!,
    peerName: 'deriv-api',
  };
}

/**
 * Client figures: every contender against the same bare peer server, in its own process.
 * The peer does as little as a server can, so what differs is the client.
 */
export async function clientFigures(config: BenchConfig, log: (line: string) => void): Promise<Figure[]> {
  const peer = await startServerProcess('client-peer');
  const scenario = (contender: string, name: string, args: string[], timeoutMs = 120_000) =>
    runClientScenario<Record<string, number>>(
      ['--contender', contender, '--scenario', name, '--url', peer.url, ...args],
      timeoutMs,
    );
  const figures: Figure[] = [];
  try {
    log('client: ping RTT');
    const rtt = await interleave(ALL, config.rounds, (c) =>
      scenario(c, 'ping-rtt', ['--count', String(config.pings), '--warmup', String(config.pingWarmup)]),
    );
    for (const [metric, label, maxRatio] of [
      ['p50_us', 'p50', 1.1],
      ['p99_us', 'p99', 1.25],
    ] as const) {
      figures.push(threeWay(rtt, metric, { name: `client ping RTT ${label}`, unit: 'µs', bar: { maxRatio } }));
    }

    log('client: pipelined throughput');
    const piped = await interleave(ALL, config.rounds, (c) =>
      scenario(c, 'pipelined', [
        '--count',
        String(config.pipelinedCalls),
        '--warmup',
        String(Math.max(10_000, config.pipelinedCalls / 5)),
        '--window',
        '100',
      ]),
    );
    figures.push(
      threeWay(piped, 'calls_per_s', {
        name: 'client pipelined throughput (100 in flight)',
        unit: 'calls/s',
        bar: { minRatio: 0.85, minPeerRatio: 2 },
      }),
    );

    for (const count of config.subscriptionCounts) {
      log(`client: heap per subscription (${count})`);
      const memory = await interleave(ALL, config.rounds, (c) =>
        scenario(c, 'subscription-memory', ['--count', String(count)]),
      );
      figures.push(
        threeWay(memory, 'bytes_per_subscription', {
          name: `client heap per subscription (${count.toLocaleString('en')})`,
          unit: 'B',
          floorName: 'raw ws: the first reply kept, nothing else',
          bar: { absoluteMax: 2048 },
        }),
      );
    }

    log('client: settling calls when the connection is cut');
    const cutUrl = `${peer.url}&cut_after=${config.settleCalls}`;
    const settle = await interleave(ALL, config.heavyRounds, (c) =>
      runClientScenario<Record<string, number>>(
        [
          '--contender',
          c,
          '--scenario',
          'settle-on-cut',
          '--url',
          cutUrl,
          '--count',
          String(config.settleCalls),
          '--warmup',
          String(config.settleWaitMs),
        ],
        60_000,
      ),
    );
    figures.push(
      threeWay(settle, 'settle_ms', {
        name: `time to settle ${config.settleCalls.toLocaleString('en')} pending calls at a cut`,
        unit: 'ms',
        note: `"never settled": the calls had not all settled ${config.settleWaitMs / 1000} s after the cut, and they never do: neither the raw client nor deriv-api settles a call whose connection died`,
      }),
    );

    log('client: subscribe/unsubscribe churn');
    const churn = await interleave(['deriv-ws'], config.heavyRounds, (c) =>
      scenario(c, 'subscription-churn', ['--count', String(config.churnPairs), '--warmup', String(config.churnWarmup)]),
    );
    figures.push({
      section: 'client',
      name: `client heap growth after ${config.churnPairs.toLocaleString('en')} subscribe/unsubscribe pairs`,
      unit: '%',
      ours: churn['deriv-ws']!.heap_growth_pct!,
      bar: { absoluteMax: 1 },
    });
  } finally {
    await peer.stop();
  }
  return figures;
}
