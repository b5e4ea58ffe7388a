/**
 * Where a public route's cold import goes (issue #13): `npx tsx bench/cold-import-breakdown.ts
 * [samples] [entry…]` (default: every public entry, 11 samples). Not a section of `npm run
 * bench`: it builds four variants of each bundle, which the shipped functions never are.
 *
 * Each entry is bundled as `cdk synth` does (cdk/bundling-options.ts) and as variants, and
 * every variant's import is timed the way `bench/bundles.ts` times it (a fresh node process
 * with the function's NODE_OPTIONS and dummy configuration; CPU time of the `require`,
 * median of the samples, all variants interleaved so load falls on each alike):
 *
 *   shipped            the bundle as deployed (no `--enable-source-maps`, lazy builtins)
 *   + source maps      the same file with `--enable-source-maps` (node 20 reads and parses
 *                      the map, URLs its sources and walks every character of the bundle)
 *   + eager builtins   bundled without the lazy node:crypto and node:stream stand-ins
 *                      (functions/lazy-builtins/): what Powertools, ulid and middy load
 *   no Powertools      shipped, with Powertools Logger and Metrics replaced by no-op
 *                      stand-ins (their code, node:console, the Console over stdout they build)
 *   no middy either    middy replaced by a stand-in too
 *   empty bundle       a one-line file: what any `require` of a file costs
 *   bare node          nothing required: bench/bundles.ts's baseline for a route without SDK
 *                      clients, the denominator of every ratio printed
 *
 * The differences between rows are what each part costs; the last row is the gateway's
 * own code and the route's content. A bare node process (what the ratio of issue #13 is
 * judged against for a route without SDK clients) is timed alongside.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import {
  entryPath,
  esbuildOptions,
  NODE_OPTIONS,
  nodeOptionsFor,
} from '../cdk/bundling-options.js';

const PUBLIC_ENTRIES = [
  'get-health',
  'get-time',
  'get-catalogue',
  'get-schema',
  'get-openapi',
  'get-docs',
  'get-docs-renderer',
  'get-duty',
];

// No-op stand-ins, with the surface the gateway uses.
const STUBS: Record<string, string> = {
  '@aws-lambda-powertools/logger':
    'export class Logger { error() {} warn() {} info() {} appendKeys() {} resetKeys() {} addContext() {} }',
  '@aws-lambda-powertools/logger/middleware':
    'export const injectLambdaContext = () => ({ before() {}, after() {}, onError() {} });',
  '@aws-lambda-powertools/metrics':
    "export const MetricUnit = { Count: 'Count' };\n" +
    'export class Metrics { singleMetric() { return { addDimension() {}, addMetric() {} }; } }',
  '@middy/core':
    'export default function middy() { const chain = { use: () => chain, handler: (h) => h }; return chain; }',
};

function stubPlugin(packages: readonly string[]): Plugin {
  const filter = new RegExp(
    `^(${packages.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`,
  );
  return {
    name: 'stubs',
    setup(builder) {
      builder.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'stub' }));
      builder.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
        contents: STUBS[args.path] ?? '',
        loader: 'js',
      }));
    },
  };
}

const POWERTOOLS = Object.keys(STUBS).filter((name) => name.startsWith('@aws-lambda-powertools/'));

const DUMMY_ENVIRONMENT = {
  TABLE_NAME: 'bench-table',
  DELIVERY_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/000000000000/bench-deliveries',
  CURSOR_KEY: Buffer.alloc(32, 7).toString('base64'),
  TOKEN_ISSUER: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_bench',
  AWS_REGION: 'eu-central-1',
};

// BENCH_BUNDLE empty: a bare node process, as bench/bundles.ts's baseline for a route without SDK clients.
const PROBE = `const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const startedCpu = cpuMs();
if (process.env.BENCH_BUNDLE) require(process.env.BENCH_BUNDLE);
process.stdout.write(JSON.stringify({ importCpuMs: cpuMs() - startedCpu, readyCpuMs: cpuMs() }));`;

function probe(bundle: string, flags: string): { importCpuMs: number; readyCpuMs: number } {
  const child = spawnSync(process.execPath, [...flags.split(' ').filter(Boolean), '-e', PROBE], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...DUMMY_ENVIRONMENT, BENCH_BUNDLE: bundle },
  });
  if (child.status !== 0) throw new Error(`${bundle}: ${child.stderr.slice(0, 500)}`);
  return JSON.parse(child.stdout) as { importCpuMs: number; readyCpuMs: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const args = process.argv.slice(2);
const samples = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 11);
const entries = args.filter((arg) => !/^\d+$/.test(arg));
const names = entries.length > 0 ? entries : PUBLIC_ENTRIES;

const outDir = mkdtempSync(join(tmpdir(), 'ncc-gateway-breakdown-'));
try {
  const empty = join(outDir, 'empty.js');
  writeFileSync(empty, 'exports.handler = async () => ({ statusCode: 200 });\n');
  console.log(
    `node ${process.version}, ${samples} samples, CPU ms of the cold require (median), each with the function's NODE_OPTIONS unless named`,
  );
  for (const name of names) {
    const flags = nodeOptionsFor(name);
    const variants: Array<{ label: string; file: string; flags: string }> = [];
    for (const [label, stubs, lazy] of [
      ['shipped', [], true],
      ['+ eager builtins', [], false],
      ['no Powertools', POWERTOOLS, true],
      ['no middy either', [...POWERTOOLS, '@middy/core'], true],
    ] as const) {
      const file = join(outDir, name, label.replace(/[ +]/g, '-'), 'index.js');
      await build({
        // Without the name, esbuild gets the shared aliases only: the builtins load at import.
        ...esbuildOptions(entryPath(name), file, lazy ? name : undefined),
        plugins: stubs.length > 0 ? [stubPlugin(stubs)] : [],
      });
      variants.push({ label, file, flags });
      if (label === 'shipped' && flags !== NODE_OPTIONS) {
        variants.push({ label: '+ source maps', file, flags: NODE_OPTIONS });
      }
    }
    variants.push({ label: 'empty bundle', file: empty, flags });
    variants.push({ label: 'bare node', file: '', flags });
    const imports = variants.map(() => [] as number[]);
    const ready = variants.map(() => [] as number[]);
    for (let sample = 0; sample < samples; sample += 1) {
      variants.forEach((variant, index) => {
        const result = probe(variant.file, variant.flags);
        imports[index]?.push(result.importCpuMs);
        ready[index]?.push(result.readyCpuMs);
      });
    }
    const bare = median(ready[variants.length - 1] ?? []);
    console.log(`\n${name} (NODE_OPTIONS '${flags}'; bare node ready ${bare.toFixed(1)} ms)`);
    variants.forEach((variant, index) => {
      const size =
        variant.file === '' ? '' : `${(statSync(variant.file).size / 1024).toFixed(1)} KB`;
      const readyMs = median(ready[index] ?? []);
      console.log(
        `  ${variant.label.padEnd(17)} ${size.padStart(9)}  import ${median(imports[index] ?? [])
          .toFixed(1)
          .padStart(
            5,
          )} ms  ready ${readyMs.toFixed(1).padStart(5)} ms  ${(readyMs / bare).toFixed(2)}×`,
      );
    });
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
