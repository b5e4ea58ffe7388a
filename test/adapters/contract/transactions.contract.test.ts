/**
 * Contract, on both stores: one transaction shape. Every write is one transaction of
 * named items; when it fails, it fails whole and the error names the item whose
 * condition failed (`incident`, `obligation:card`, `delivery:<id>`), never a position.
 * A write that lost a race to a concurrent one is a StaleWriteError, which the problem
 * mapping answers with 409 `concurrent_change` and Retry-After — never a 500.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Obligation } from '../../../functions/core/clocks/obligations.js';
import type { IncidentUpdateWrite } from '../../../functions/core/ports/incidents.js';
import { StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { problemOf } from '../../../functions/core/problem/problem-details.js';
import { delivery, newIncident, partyId } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

function obligationOf(write: ReturnType<typeof newIncident>, kind: Obligation['kind']): Obligation {
  const found = write.obligations.find((o) => o.kind === kind);
  if (found === undefined) throw new Error(`fixture has no ${kind}`);
  return found;
}

/** A revision of `written` (version 2) that satisfies its card obligation, guarded as read. */
function revision(
  written: ReturnType<typeof newIncident>,
  overrides: Partial<IncidentUpdateWrite> = {},
): IncidentUpdateWrite {
  const at = '2026-11-20T05:00:00.000Z';
  const card = obligationOf(written, 'card');
  return {
    incident: { ...written.incident, version: 2, updatedAt: at },
    expectedVersion: 1,
    expectedStatus: 'open',
    newVersion: {
      ...written.version,
      version: 2,
      messageId: `${written.incident.id}#v2`,
      receivedAt: at,
    },
    obligations: [
      {
        next: { ...card, state: 'satisfied', satisfiedAt: at, satisfiedBy: 'x' },
        expectedState: 'open',
      },
    ],
    deliveries: [delivery({ subjectId: written.incident.id })],
    ...overrides,
  };
}

async function rejectionOf(write: Promise<unknown>): Promise<unknown> {
  return write.then(
    () => {
      throw new Error('the write was expected to fail');
    },
    (error: unknown) => error,
  );
}

describe.each(STORES)('one transaction shape on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  it('a transaction that fails whole names the guarded item whose condition failed', async () => {
    const written = newIncident({ socId: partyId(), completeCard: false });
    await store.incidents.saveNewIncident(written);
    const update = revision(written);
    const [change] = update.obligations;
    if (change === undefined) throw new Error('revision changes no obligation');
    // Read as `missed`, but it is stored `open`: only the card obligation's guard fails.
    update.obligations = [{ ...change, expectedState: 'missed' }];

    const error = await rejectionOf(store.incidents.saveIncidentUpdate(update));

    expect(error).toBeInstanceOf(StaleWriteError);
    expect((error as StaleWriteError).items).toEqual(['obligation:card']);
    expect((error as StaleWriteError).message).toContain('obligation:card');
    // Whole: no head, version, delivery or obligation of the update was written.
    const detail = await store.incidents.getIncident(written.incident.id);
    expect(detail?.incident).toEqual(written.incident);
    expect(detail?.versions.map((v) => v.version)).toEqual([1]);
    expect(detail?.obligations.find((o) => o.kind === 'card')?.state).toBe('open');
    expect(await store.deliveries.getDelivery(update.deliveries[0]?.id ?? '')).toBeUndefined();
  });

  it('an update against a version another write moved on names the incident head', async () => {
    const written = newIncident({ socId: partyId(), completeCard: false });
    await store.incidents.saveNewIncident(written);
    await store.incidents.saveIncidentUpdate(revision(written));
    // A second request that read version 1 too, with no obligation of its own to change.
    const late = revision(written, { obligations: [] });

    const error = await rejectionOf(store.incidents.saveIncidentUpdate(late));

    expect(error).toBeInstanceOf(StaleWriteError);
    expect((error as StaleWriteError).items).toContain('incident');
    expect((error as StaleWriteError).items).not.toContain('obligation:card');
    expect(await store.deliveries.getDelivery(late.deliveries[0]?.id ?? '')).toBeUndefined();
  });

  it('a new record whose id clashes fails the whole write, and the fault names that item', async () => {
    const first = newIncident({ socId: partyId(), deliveries: 1 });
    await store.incidents.saveNewIncident(first);
    const clashing = first.deliveries[0];
    if (clashing === undefined) throw new Error('fixture has no delivery');
    const second = newIncident({ socId: partyId(), deliveries: 1 });
    second.deliveries = [{ ...clashing, subjectId: second.incident.id }];

    const error = await rejectionOf(store.incidents.saveNewIncident(second));

    expect(String((error as Error).message)).toContain(`delivery:${clashing.id}`);
    expect(error).not.toBeInstanceOf(StaleWriteError);
    expect(await store.incidents.getIncident(second.incident.id)).toBeUndefined();
    expect(await store.deliveries.getDelivery(clashing.id)).toEqual(clashing);
  });

  it('of concurrent writes from one read, the loser is a 409 concurrent_change with Retry-After, never a 500', async () => {
    const written = newIncident({ socId: partyId(), completeCard: false });
    await store.incidents.saveNewIncident(written);
    const writes = Array.from({ length: 4 }, () => revision(written));

    const results = await Promise.allSettled(
      writes.map((w) => store.incidents.saveIncidentUpdate(w)),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const losers = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(losers).toHaveLength(3);
    for (const loser of losers) {
      expect(loser).toBeInstanceOf(StaleWriteError);
      expect((loser as StaleWriteError).items).toContain('incident');
      const { problem, retryAfterSeconds } = problemOf(loser, 'ru');
      expect(problem.status).toBe(409);
      expect(problem.code).toBe('concurrent_change');
      expect(problem.detail).toContain(written.incident.id);
      expect(problem.detail).not.toMatch(/changed concurrently/);
      expect(retryAfterSeconds).toBeGreaterThan(0);
    }
  });
});
