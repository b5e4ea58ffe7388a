/**
 * Handler bundles (SPEC §8, issue #4): each Lambda entry bundled by esbuild with the
 * options the CDK uses (cdk/bundling-options.ts), its minified size, and its cold
 * import time: a fresh `node` process, with the Lambda's NODE_OPTIONS and dummy
 * configuration, times `require(bundle)` from the inside. That covers parsing the
 * bundle, loading the AWS SDK (external, as on Lambda, found through NODE_PATH like
 * the runtime's copy) and building the handler's clients at module scope.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { entryPath, esbuildOptions, NODE_OPTIONS, PROJECT_ROOT } from '../cdk/bundling-options.js';
import type { MeasureOptions } from './harness.js';
import type { BenchSection } from './report.js';

/** Issue #4 targets. */
export const MAX_BUNDLE_BYTES = 400 * 1024;
export const MAX_COLD_IMPORT_MS = 150;

/** One handler's bundle. */
export interface BundleRow {
  /** Entry name (`functions/lambda/<name>.ts`). */
  name: string;
  /** Minified `index.js`, source map excluded. */
  bytes: number;
  /** Median cold import over `samples` fresh processes, in ms. */
  importMs: number;
  importMsMin: number;
  importMsMax: number;
  samples: number;
}

const LAMBDA_DIR = fileURLToPath(new URL('../functions/lambda/', import.meta.url));

/** Every Lambda entry, by name. */
export function lambdaEntries(): string[] {
  return readdirSync(LAMBDA_DIR)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();
}

// What loadConfig needs, with values that reach nothing; no credentials are looked up at import.
const DUMMY_ENVIRONMENT = {
  TABLE_NAME: 'bench-table',
  DELIVERY_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/000000000000/bench-deliveries',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_EC2_METADATA_DISABLED: 'true',
};

// Runs in the child: the time from just before `require` to the handler being ready.
const IMPORT_PROBE = `
const started = performance.now();
const mod = require(process.env.BENCH_BUNDLE);
const ready = performance.now();
if (typeof mod.handler !== 'function') throw new Error('no handler export');
process.stdout.write(JSON.stringify({ importMs: ready - started }));
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function coldImportMs(bundle: string, cwd: string): number {
  const child = spawnSync(process.execPath, [...NODE_OPTIONS.split(' '), '-e', IMPORT_PROBE], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      // Lambda finds its bundled SDK through NODE_PATH; here it is this project's copy.
      NODE_PATH: join(PROJECT_ROOT, 'node_modules'),
      BENCH_BUNDLE: bundle,
      ...DUMMY_ENVIRONMENT,
    },
  });
  if (child.status !== 0) {
    throw new Error(
      `Importing ${bundle} failed: ${child.stderr.trim().split('\n').slice(0, 5).join('\n')}`,
    );
  }
  return (JSON.parse(child.stdout) as { importMs: number }).importMs;
}

/** Bundles every entry and measures it; `samples` fresh processes per entry. */
export function measureBundles(
  samples = 5,
  names: readonly string[] = lambdaEntries(),
): BundleRow[] {
  // Outside the repository: its package.json says "type": "module", a Lambda asset says nothing (CommonJS).
  const outDir = mkdtempSync(join(tmpdir(), 'ncc-gateway-bundles-'));
  try {
    return names.map((name) => {
      const bundle = join(outDir, name, 'index.js');
      buildSync(esbuildOptions(entryPath(name), bundle));
      const times = Array.from({ length: samples }, () => coldImportMs(bundle, outDir));
      return {
        name,
        bytes: statSync(bundle).size,
        importMs: median(times),
        importMsMin: Math.min(...times),
        importMsMax: Math.max(...times),
        samples,
      };
    });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The rows, as a promise (for callers that run sections asynchronously). */
export async function bundleBenchmark(samples = 5): Promise<BundleRow[]> {
  return measureBundles(samples);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The bench section: one row per handler, and the two targets judged on the worst handler. */
export function bundleBench(options: MeasureOptions = {}): BenchSection {
  // `--quick` (3 rounds) takes 3 samples; a full run takes the median of 5.
  const samples = options.rounds !== undefined && options.rounds < 5 ? 3 : 5;
  const rows = measureBundles(samples);
  const largest = rows.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const slowest = rows.reduce((a, b) => (b.importMs > a.importMs ? b : a));
  return {
    title: `Handler bundles (esbuild as cdk synth does; cold import = median of ${samples} fresh node processes)`,
    rows: rows.map((row) => ({
      name: row.name,
      value: `${kib(row.bytes)}  ${row.importMs.toFixed(0).padStart(4)} ms`,
      note: `import ${row.importMsMin.toFixed(0)}–${row.importMsMax.toFixed(0)} ms`,
    })),
    targets: [
      {
        target: `every handler ≤ ${MAX_BUNDLE_BYTES / 1024} KB minified`,
        actual: `largest ${largest.name} ${kib(largest.bytes)}`,
        pass: largest.bytes <= MAX_BUNDLE_BYTES,
      },
      {
        target: `every handler's cold import ≤ ${MAX_COLD_IMPORT_MS} ms`,
        actual: `slowest ${slowest.name} ${slowest.importMs.toFixed(0)} ms`,
        pass: slowest.importMs <= MAX_COLD_IMPORT_MS,
      },
    ],
  };
}
