/**
 * The vulnerability use cases on the in-memory store (001 п.13, Annex 6): a scan's
 * 20-day clock missed and escalated by the sweep like any other clock, a revision that
 * lands late after the miss keeping it on record, and a SOC's report reaching the
 * object's owner, who may revise it (001 п.23). The clock is injected.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDb } from '../../../../functions/adapters/memory/memory-db.js';
import { NotFoundError } from '../../../../functions/core/errors.js';
import type { AllStores } from '../../../../functions/core/ports/ports.js';
import type { PartyRecord } from '../../../../functions/core/ports/records.js';
import type { Principal } from '../../../../functions/core/use-cases/context.js';
import { sweep } from '../../../../functions/core/use-cases/deliveries/sweep.js';
import { reportVulnerability } from '../../../../functions/core/use-cases/vulnerabilities/report-vulnerability.js';
import { reviseVulnerability } from '../../../../functions/core/use-cases/vulnerabilities/revise-vulnerability.js';
import { party } from '../../../support/records.js';
import {
  memoryStoreAt,
  type TestClock,
  testClock,
  useCaseDeps,
} from '../../../support/use-case-deps.js';
import { jsonBody } from '../../fixtures.js';

let clock: TestClock;
let fresh: { db: MemoryDb; store: AllStores };
const owner = party('owner-energo', { role: 'owner' });
const soc = party('soc-a', {
  role: 'soc',
  objects: [
    { id: 'obj-scada', name: 'SCADA', kind: 'critical_ict_object', owner: 'owner-energo' },
  ] as PartyRecord['objects'],
});
const as = (p: PartyRecord): Principal => ({ partyId: p.id, role: p.role, party: p });

const scanned = {
  reference: 'VULN-SCAN-1',
  detectedAt: '2026-11-20T10:00:00+05:00',
  scanResultsAt: '2026-11-21T09:00:00+05:00',
  contour: 'internal',
  objectName: 'SCADA',
  object: { id: 'obj-scada', kind: 'critical_ict_object', owner: 'owner-energo' },
  component: 'scada-hmi-02, 10.20.0.15',
  port: 502,
  description: 'Modbus/TCP without authentication',
};

beforeEach(async () => {
  clock = testClock('2026-11-21T07:00:00Z');
  fresh = memoryStoreAt(clock);
  for (const p of [owner, soc, party('ncc-duty', { role: 'ncc' })]) await fresh.store.putParty(p);
});

describe('vulnerability use cases', () => {
  it("a SOC's scan report: the owner hears of it, the 20-day clock is missed and escalated by the sweep, a late revision keeps the miss", async () => {
    const deps = useCaseDeps(fresh.store, clock);
    const accepted = await reportVulnerability(deps, as(soc), jsonBody(scanned));
    expect(accepted.statusCode).toBe(201);
    const id = accepted.receipt.id;
    expect(accepted.receipt.obligations).toEqual([
      expect.objectContaining({
        kind: 'vulnerability_measures',
        state: 'open',
        dueAt: '2026-12-11T19:00:00Z',
      }),
      // 001 п.23: the report about a critical ICT object reached its owner, who owes the correction.
      expect.objectContaining({
        kind: 'vulnerability_correction',
        state: 'open',
        dueAt: '2026-12-21T19:00:00Z',
      }),
    ]);
    const toOwner = await fresh.store.listDeliveries('owner-energo', { limit: 10 });
    expect(toOwner.items.map((d) => d.event)).toEqual(['vulnerability.reported']);

    // The 20th day ends; the sweep marks the miss and escalates it to the NCC and the SOC.
    clock.set('2026-12-11T19:00:01Z');
    const stats = await sweep({ ...useCaseDeps(fresh.store, clock), outboxGraceSeconds: 0 });
    expect(stats.missed).toBe(1);
    const escalations = (await fresh.store.listDeliveries('ncc-duty', { limit: 10 })).items.filter(
      (d) => d.event === 'obligation.missed',
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.subjectId).toBe(id);
    const toSoc = await fresh.store.listDeliveries('soc-a', { limit: 10 });
    expect(toSoc.items.map((d) => d.event)).toContain('obligation.missed');
    // A second sweep escalates nothing more.
    expect(
      (await sweep({ ...useCaseDeps(fresh.store, clock), outboxGraceSeconds: 0 })).missed,
    ).toBe(0);

    // The measures arrive a day late: satisfied late, the miss kept.
    clock.set('2026-12-12T19:00:00Z');
    const revised = await reviseVulnerability(
      useCaseDeps(fresh.store, clock),
      as(soc),
      id,
      jsonBody({ ...scanned, measuresTaken: 'Segment isolated; authentication proxy in front.' }),
    );
    expect(revised.receipt.obligations).toEqual([
      expect.objectContaining({ kind: 'vulnerability_correction', state: 'open' }),
      expect.objectContaining({ kind: 'vulnerability_measures', state: 'satisfied_late' }),
    ]);
    const stored = (await fresh.store.obligationsOf(id)).find(
      (o) => o.kind === 'vulnerability_measures',
    );
    expect(stored).toMatchObject({
      state: 'satisfied_late',
      missedAt: '2026-12-11T19:00:01Z',
      lateBySeconds: 86_400,
    });
    const detail = await fresh.store.getVulnerability(id);
    expect(detail?.vulnerability).toMatchObject({ version: 2, status: 'reported' });
  });

  it('refuses a revision from anyone but the reporter or the owner it was reported for (404), one moving detectedAt or the reference (422)', async () => {
    const id = (
      await reportVulnerability(useCaseDeps(fresh.store, clock), as(soc), jsonBody(scanned))
    ).receipt.id;
    const deps = useCaseDeps(fresh.store, clock);
    const otherOwner = party('owner-other', { role: 'owner' });
    const otherSoc = party('soc-b', { role: 'soc' });
    for (const stranger of [otherOwner, otherSoc]) {
      await fresh.store.putParty(stranger);
      await expect(
        reviseVulnerability(deps, as(stranger), id, jsonBody({ ...scanned, measuresTaken: 'x' })),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(
      reviseVulnerability(
        deps,
        as(soc),
        id,
        jsonBody({ ...scanned, reference: 'OTHER', detectedAt: '2026-11-20T09:00:00+05:00' }),
      ),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [
        expect.objectContaining({ pointer: '/reference', code: 'reference_mismatch' }),
        expect.objectContaining({ pointer: '/detectedAt', code: 'detection_moved' }),
      ],
    });
  });
});
