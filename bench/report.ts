/** What a benchmark section hands to `run.ts`: figures to print and targets to judge. */
import type { MeasureOptions } from './harness.js';

/** What `run.ts` hands to every section: the harness settings and whether this is a `--quick` run. */
export interface BenchOptions extends MeasureOptions {
  /** `--quick`: shorter runs and smaller data, for a smoke run. */
  quick: boolean;
}

export interface BenchRow {
  /** What was measured. */
  name: string;
  /** The figure, already formatted with its unit (e.g. "41 200 cards/s"). */
  value: string;
  /** Optional context: spread, ratio, bytes. */
  note?: string;
}

export interface TargetResult {
  /** The target as stated in the issue (e.g. "JSON ≥ 30 000 cards/s"). */
  target: string;
  /** The measured figure the target is judged on. */
  actual: string;
  pass: boolean;
}

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  targets: TargetResult[];
}

/** 41234.5 → "41 235". */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** 12.345 → "12.3 ms". */
export function formatMs(value: number): string {
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
}
