import { beforeAll, describe, expect, it } from 'vitest';
import type { CapacitySample } from '../../../functions/adapters/dynamodb/index.js';
import type { Obligation } from '../../../functions/core/clocks/obligations.js';
import { formatInstant, instantOf } from '../../../functions/core/time.js';
import { openObligation, partyId, seedObligations } from '../../support/records.js';
import { type FreshStore, freshStore } from './fresh-store.js';

const OPEN = 2_000;
const DUE = 20;
const NOW = '2026-11-21T00:00:00Z';

const samples: CapacitySample[] = [];
let fresh: FreshStore;
let due: Obligation[];

/** Sums what DynamoDB reported for the queries of one operation made by `run`. */
async function measured<T>(run: () => Promise<T>) {
  samples.length = 0;
  const result = await run();
  return {
    result,
    scanned: samples.reduce((sum, s) => sum + s.scannedCount, 0),
    capacity: samples.reduce((sum, s) => sum + (s.capacityUnits ?? 0), 0),
    reported: samples.some((s) => s.capacityUnits !== undefined),
  };
}

beforeAll(async () => {
  fresh = await freshStore({ observeCapacity: (sample) => samples.push(sample) });
  const soc = partyId();
  // 20 due before NOW, the rest due over the following days.
  due = Array.from({ length: DUE }, (_v, i) =>
    openObligation(formatInstant(instantOf(NOW) - (i + 1) * 60_000), { owedBy: soc }),
  );
  const notDue = Array.from({ length: OPEN - DUE }, (_v, i) =>
    openObligation(formatInstant(instantOf(NOW) + (i + 1) * 60_000), {
      owedBy: soc,
      remindAt: NOW.replace('00:00:00', '23:00:00'),
    }),
  );
  await seedObligations(fresh.store, [...notDue, ...due]);
}, 120_000);

describe(`sweep with ${OPEN} open obligations, ${DUE} due`, () => {
  it('listDue returns exactly the due ones and reads only those', async () => {
    // Act: the first query warms the connection; time the best of three.
    const sweep = await measured(() => fresh.store.listDue(NOW, 100));
    const timings: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      await fresh.store.listDue(NOW, 100);
      timings.push(performance.now() - started);
    }
    const elapsedMs = Math.min(...timings);
    const everything = await measured(() => fresh.store.listDue('2100-01-01T00:00:00Z', 5_000));

    // Assert
    expect(sweep.result.map((o) => o.id).sort()).toEqual(due.map((o) => o.id).sort());
    expect(sweep.scanned).toBe(DUE);
    expect(everything.result).toHaveLength(OPEN);
    if (sweep.reported) {
      // Reading 20 of 2 000 costs about 1 % of reading them all; allow generous slack.
      expect(sweep.capacity).toBeLessThan(everything.capacity / 10);
    }
    console.info(
      `listDue over ${OPEN} open / ${DUE} due: ${elapsedMs.toFixed(1)} ms, scanned ${sweep.scanned}, ` +
        `capacity ${sweep.reported ? sweep.capacity : 'not reported'} RCU ` +
        `(all ${OPEN}: ${everything.reported ? everything.capacity : 'n/a'} RCU)`,
    );
  });

  it('listRemindersDue reads nothing when no reminder is due yet', async () => {
    const sweep = await measured(() => fresh.store.listRemindersDue(NOW, 100));
    expect(sweep.result).toEqual([]);
    expect(sweep.scanned).toBe(0);
  });
});
