import { summarise, type Summary } from './stats.js';

/**
 * Runs `once` for every contender, `rounds` times, interleaved (alternating who goes first,
 * so neither always meets a warmer machine), and summarises each metric.
 */
export async function interleave<C extends string, T extends Record<string, number>>(
  contenders: readonly C[],
  rounds: number,
  once: (contender: C) => Promise<T>,
): Promise<Record<string, Record<string, Summary>>> {
  const runs: Record<string, Record<string, number[]>> = {};
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const result = await once(contender);
      for (const [metric, value] of Object.entries(result)) ((runs[contender] ??= {})[metric] ??= []).push(value);
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([contender, metrics]) => [
      contender,
      Object.fromEntries(Object.entries(metrics).map(([metric, values]) => [metric, summarise(values)])),
    ]),
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
