/** Percentile of already sorted samples (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function sortedCopy(samples: ArrayLike<number>): Float64Array {
  return Float64Array.from(samples).sort();
}

/** The median of repeated runs and how far the runs spread around it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function summarise(runs: number[]): Summary {
  const sorted = sortedCopy(runs);
  return {
    median: percentile(sorted, 50),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    runs,
  };
}
