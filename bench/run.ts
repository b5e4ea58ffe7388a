/**
 * `npm run bench` (docs/contract.md §8): every benchmark section in one run, one process.
 * A section is a function returning rows and targets (or a promise of them, for the
 * end-to-end sections, which start and stop their own emulators); later issues add
 * theirs to SECTIONS. `--quick` shortens the rounds (smoke run); `--check` exits 1 when
 * a target is missed; `--only=<name>` runs the sections whose function name contains it.
 */
import { cpus, loadavg } from 'node:os';
import { auditBench } from './audit.js';
import { bundleBench } from './bundles.js';
import { fanoutBench, nationalNoticeBench } from './fanout.js';
import { gatewayProcessBench } from './gateway-cpu.js';
import { hostileBench } from './hostile.js';
import { ingestBench } from './ingest.js';
import { loadtestBench } from './loadtest.js';
import type { BenchOptions, BenchSection } from './report.js';
import { sweepBench } from './sweep.js';
import { validationBench } from './validation.js';

const SECTIONS: ReadonlyArray<(options: BenchOptions) => BenchSection | Promise<BenchSection>> = [
  validationBench,
  hostileBench,
  bundleBench,
  ingestBench,
  gatewayProcessBench,
  auditBench,
  fanoutBench,
  nationalNoticeBench,
  sweepBench,
  loadtestBench,
];

function printSection(section: BenchSection): void {
  const nameWidth = Math.max(...section.rows.map((row) => row.name.length), 10);
  const valueWidth = Math.max(...section.rows.map((row) => row.value.length), 10);
  console.log(`\n## ${section.title}\n`);
  for (const row of section.rows) {
    console.log(
      `  ${row.name.padEnd(nameWidth)}  ${row.value.padStart(valueWidth)}  ${row.note ?? ''}`.trimEnd(),
    );
  }
  console.log('');
  for (const target of section.targets) {
    console.log(`  [${target.pass ? 'PASS' : 'FAIL'}] ${target.target}: ${target.actual}`);
  }
}

const args = new Set(process.argv.slice(2));
const options: BenchOptions = args.has('--quick')
  ? { warmupMs: 100, rounds: 3, roundMs: 100, quick: true }
  : { quick: false };
const only = [...args].find((arg) => arg.startsWith('--only='))?.slice('--only='.length);

console.log(
  `ncc-gateway benchmarks — node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}`,
);
// Absolute figures mean little on a loaded machine; ratios are per round and hold better.
console.log(
  `load average at start: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
let missed = 0;
for (const section of SECTIONS) {
  if (only !== undefined && !section.name.includes(only)) continue;
  let result: BenchSection;
  try {
    result = await section(options);
  } catch (error) {
    // A section that cannot run is a missed target, not the end of the run.
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result = {
      title: section.name,
      rows: [],
      targets: [{ target: 'section runs', actual: reason, pass: false }],
    };
  }
  printSection(result);
  missed += result.targets.filter((target) => !target.pass).length;
}
console.log(
  `\nload average at end: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
console.log(`${missed === 0 ? 'All targets met.' : `${missed} target(s) missed.`}`);
if (args.has('--check') && missed > 0) process.exitCode = 1;
