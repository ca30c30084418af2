import type { BenchConfig } from '../lib/config.js';
import type { Figure } from '../lib/figures.js';
import { interleave } from '../lib/measure.js';
import { withServer } from '../lib/processes.js';

/**
 * The heaviest history there is: 5 000 hourly candles of a 1 s index, about 175 000 bridge
 * midpoints and a 400 KB reply each.
 */
const HEAVY_REQUEST = JSON.stringify({
  ticks_history: '1HZ100V',
  end: 'latest',
  style: 'candles',
  granularity: 3600,
  count: 5000,
});

/**
 * Fairness: one client writes its whole general budget of the heaviest history at once;
 * another, on the same server, pings back to back until the last of those is answered. The
 * floor is the same ping on the same server with nobody busy. Rate limits are on, with the
 * real server's budgets.
 */
export async function fairnessFigures(config: BenchConfig, log: (line: string) => void): Promise<Figure[]> {
  log(`fairness: another client's ping while one sends ${config.heavyRequests} heavy history requests`);
  const result = await interleave(['busy', 'idle'] as const, config.rounds, (contender) =>
    withServer('ours', ['--limits', 'default'], (_server, load) =>
      load.request<Record<string, number>>(
        'fairness',
        { heavy: contender === 'busy' ? config.heavyRequests : 0, request: HEAVY_REQUEST, pings: config.idlePings },
        300_000,
      ),
    ),
  );
  const busy = result.busy!;
  const idle = result.idle!;
  const floorName = 'the same ping, nobody busy';
  const section = 'fairness';
  const what = `while another sends ${config.heavyRequests} heavy candle requests at once`;
  return [
    {
      section,
      name: `a client's ping p99 ${what}`,
      unit: 'ms',
      ours: busy.p99_ms!,
      floor: idle.p99_ms!,
      floorName,
      bar: { absoluteMax: 50 },
    },
    { section, name: `a client's ping p50 ${what}`, unit: 'ms', ours: busy.p50_ms!, floor: idle.p50_ms!, floorName },
    {
      section,
      name: `a client's slowest ping ${what}`,
      unit: 'ms',
      ours: busy.max_ms!,
      floor: idle.max_ms!,
      floorName,
    },
    {
      section,
      name: `time for the ${config.heavyRequests} heavy requests to be answered`,
      unit: 's',
      ours: busy.heavy_s!,
      note: `${busy.pings!.median.toLocaleString('en')} pings were answered meanwhile, and ${busy.refused!.median} of the heavy requests were refused (Timeout: not done within the 15 s pipeline limit; medians of the runs)`,
    },
  ];
}
