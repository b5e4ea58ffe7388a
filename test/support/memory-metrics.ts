import type { Metrics } from '../../functions/core/ports/metrics.js';

/** Metrics that keep every count, for assertions. */
export interface MemoryMetrics extends Metrics {
  counts: { name: string; dimensions: Record<string, string>; value: number }[];
  /** The total counted under `name` with (at least) these dimensions. */
  total(name: string, dimensions?: Record<string, string>): number;
}

export function memoryMetrics(): MemoryMetrics {
  const counts: MemoryMetrics['counts'] = [];
  return {
    counts,
    count(name, dimensions = {}, value = 1) {
      counts.push({ name, dimensions: { ...dimensions }, value });
    },
    total(name, dimensions = {}) {
      return counts
        .filter(
          (c) =>
            c.name === name &&
            Object.entries(dimensions).every(([key, value]) => c.dimensions[key] === value),
        )
        .reduce((sum, c) => sum + c.value, 0);
    },
  };
}
