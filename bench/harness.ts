/**
 * A small, dependency-free benchmark harness: every case runs in the same process on
 * one core, warmed up first, then measured in interleaved rounds so that drift on a
 * noisy machine hits every case alike; the figure reported is the median round.
 */

/** One measured operation. Its return value is kept so the work cannot be optimised away. */
export interface BenchCase {
  name: string;
  run: () => unknown;
}

export interface Measurement {
  name: string;
  /** Median operations per second over the rounds. */
  opsPerSecond: number;
  /** Slowest and fastest round, for a sense of the noise. */
  minOpsPerSecond: number;
  maxOpsPerSecond: number;
  rounds: number;
  /** Operations per second of each round, in round order (rounds are interleaved across cases). */
  samples: number[];
}

export interface MeasureOptions {
  warmupMs?: number;
  rounds?: number;
  roundMs?: number;
}

let sink: unknown;

/** Runs `run` repeatedly for about `durationMs`; returns operations per second. */
function timeFor(run: () => unknown, durationMs: number): number {
  let operations = 0;
  let batch = 16;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < batch; i++) sink = run();
    operations += batch;
    elapsed = performance.now() - started;
    if (elapsed < durationMs / 10) batch *= 2;
  }
  return (operations * 1000) / elapsed;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * How many times slower `slow` is than `fast`: the median of per-round ratios. Both ran in
 * the same interleaved rounds, so load that comes and goes affects each ratio's two sides alike.
 */
export function slowdown(fast: Measurement, slow: Measurement): number {
  return median(
    fast.samples.map((opsPerSecond, i) => opsPerSecond / (slow.samples[i] ?? Number.NaN)),
  );
}

/** Measures every case: a warm-up each, then `rounds` interleaved rounds. */
export function measure(cases: readonly BenchCase[], options: MeasureOptions = {}): Measurement[] {
  const { warmupMs = 500, rounds = 15, roundMs = 100 } = options;
  for (const benchCase of cases) timeFor(benchCase.run, warmupMs);
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    cases.forEach((benchCase, i) => {
      samples[i]?.push(timeFor(benchCase.run, roundMs));
    });
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return cases.map((benchCase, i) => {
    const values = samples[i] ?? [];
    return {
      name: benchCase.name,
      opsPerSecond: median(values),
      minOpsPerSecond: Math.min(...values),
      maxOpsPerSecond: Math.max(...values),
      rounds: values.length,
      samples: values,
    };
  });
}
