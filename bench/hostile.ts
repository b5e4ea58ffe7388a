/**
 * How fast hostile bodies are refused (issue #2, #13 item 6): each attack in
 * test/support/hostile-bodies.ts runs through the whole ingest path (readBody +
 * readMessage). The behaviour test asserts *that* each is refused with bounded memory;
 * this section measures *how fast*, because a timed assertion in `npm test` only
 * measures how loaded the machine is.
 */
import { problemOf } from '../functions/core/problem/problem-details.js';
import { readMessage } from '../functions/core/validation/read-message.js';
import { readBody } from '../functions/core/wire/read-body.js';
import { cardWithReferences, HOSTILE_ATTACKS, xml } from '../test/support/hostile-bodies.js';
import { BENCH_NOW } from './fixtures.js';
import { type BenchOptions, type BenchSection, formatMs } from './report.js';

const REFUSAL_BUDGET_MS = 50;
const LARGE_CARD_BUDGET_MS = 500;
const clock = () => BENCH_NOW;

/** Best of `runs` wall-clock times of one ingest, after one warm-up run. */
function bestOf(runs: number, bytes: Uint8Array, contentType: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    try {
      readMessage('incidentCard', readBody(bytes, contentType), clock);
    } catch (error) {
      if (problemOf(error).problem.status >= 500) throw error;
    }
    if (run > 0) best = Math.min(best, performance.now() - started);
  }
  return best;
}

export function hostileBench(options: BenchOptions): BenchSection {
  const runs = options.quick ? 3 : 10;
  const refusals = HOSTILE_ATTACKS.map((attack) => ({
    name: attack.name,
    ms: bestOf(runs, attack.bytes, attack.contentType ?? 'application/xml'),
  }));
  const worst = refusals.reduce((a, b) => (b.ms > a.ms ? b : a));
  const largeCardMs = bestOf(runs, xml(cardWithReferences().text), 'application/xml');
  return {
    title: `Hostile bodies: time to refuse (best of ${runs}, ingest path)`,
    rows: [
      ...refusals.map((r) => ({ name: r.name, value: formatMs(r.ms) })),
      { name: 'valid card with ~40 000 numeric references', value: formatMs(largeCardMs) },
    ],
    targets: [
      {
        target: `every hostile body refused in ≤ ${REFUSAL_BUDGET_MS} ms`,
        actual: `worst ${formatMs(worst.ms)} (${worst.name})`,
        pass: worst.ms <= REFUSAL_BUDGET_MS,
      },
      {
        target: `a 256 KiB card of ~40 000 references parsed in ≤ ${LARGE_CARD_BUDGET_MS} ms`,
        actual: formatMs(largeCardMs),
        pass: largeCardMs <= LARGE_CARD_BUDGET_MS,
      },
    ],
  };
}
