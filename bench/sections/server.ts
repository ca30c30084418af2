import { type BenchConfig, settlePairs } from '../lib/config.js';
import type { Figure } from '../lib/figures.js';
import { interleave, sleep } from '../lib/measure.js';
import { withServer } from '../lib/processes.js';

const KINDS = ['ours', 'floor-json'] as const;

interface Memory {
  rss: number;
  heapUsed: number;
}

/**
 * Server figures: our server against a bare `ws` server doing the same JSON work, each in
 * its own process, loaded by plain `ws` clients in a third.
 */
export async function serverFigures(config: BenchConfig, log: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  const section = 'server';

  for (const call of ['ping', 'time']) {
    for (const connections of config.connectionCounts) {
      log(`server: ${call} throughput, ${connections} connection(s)`);
      const result = await interleave(KINDS, config.rounds, (kind) =>
        withServer(kind, [], (_server, load) =>
          load.request<{ calls_per_s: number }>('throughput', {
            connections,
            window: 100,
            count: config.serverCalls,
            call,
          }),
        ),
      );
      figures.push({
        section,
        name: `server ${call} throughput, ${connections} connection${connections === 1 ? '' : 's'}`,
        unit: 'calls/s',
        ours: result.ours!.calls_per_s!,
        floor: result['floor-json']!.calls_per_s!,
        floorName: 'bare ws JSON responder',
        bar: { minRatio: 0.7 },
      });
    }
  }

  log('server: ping RTT');
  const rtt = await interleave(KINDS, config.rounds, (kind) =>
    withServer(kind, [], (_server, load) =>
      load.request<Record<string, number>>('rtt', { count: config.pings, warmup: config.pingWarmup }),
    ),
  );
  figures.push({
    section,
    name: 'server ping RTT p50',
    unit: 'µs',
    ours: rtt.ours!.p50_us!,
    floor: rtt['floor-json']!.p50_us!,
    floorName: 'bare ws JSON responder',
    bar: { maxRatio: 1.2 },
  });

  for (const count of config.idleCounts) {
    log(`server: memory per idle connection (${count})`);
    const memory = await interleave(KINDS, config.heavyRounds, (kind) =>
      withServer(kind, [], async (server, load) => {
        const before = await server.request<Memory>('memory');
        await load.request('hold', { count });
        await sleep(300);
        const after = await server.request<Memory>('memory');
        return {
          rss_kib: (after.rss - before.rss) / count / 1024,
          heap_kib: (after.heapUsed - before.heapUsed) / count / 1024,
        };
      }),
    );
    figures.push(
      {
        section,
        name: `server RSS per idle connection (${count.toLocaleString('en')})`,
        unit: 'KiB',
        ours: memory.ours!.rss_kib!,
        floor: memory['floor-json']!.rss_kib!,
        floorName: 'bare ws server',
        bar: { absoluteMax: 15 },
      },
      {
        section,
        name: `server heap per idle connection (${count.toLocaleString('en')})`,
        unit: 'KiB',
        ours: memory.ours!.heap_kib!,
        floor: memory['floor-json']!.heap_kib!,
        floorName: 'bare ws server',
      },
    );
  }

  log('server: subscribe/forget churn');
  const churn = await interleave(['ours'], config.heavyRounds, () =>
    withServer('ours', [], async (server, load) => {
      await load.request('churn', { pairs: config.churnWarmup });
      await server.request<Memory>('memory'); // see settlePairs
      await load.request('churn', { pairs: settlePairs(config.churnWarmup) });
      const before = await server.request<Memory>('memory');
      await load.request('churn', { pairs: config.churnPairs });
      const after = await server.request<Memory>('memory');
      return { heap_growth_pct: ((after.heapUsed - before.heapUsed) / before.heapUsed) * 100 };
    }),
  );
  figures.push({
    section,
    name: `server heap growth after ${config.churnPairs.toLocaleString('en')} subscribe/forget pairs`,
    unit: '%',
    ours: churn.ours!.heap_growth_pct!,
    bar: { absoluteMax: 1 },
  });
  return figures;
}
