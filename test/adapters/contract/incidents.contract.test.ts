/**
 * IncidentStore contract on both stores: claims under concurrency, transactions that
 * fail whole, listings and their cursors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { obligationsAfterClosure } from '../../../functions/core/clocks/obligations.js';
import { DependencyUnavailableError, MalformedBodyError } from '../../../functions/core/errors.js';
import type { IncidentUpdateWrite } from '../../../functions/core/ports/incidents.js';
import { ClaimTakenError, StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { delivery, idempotencyClaim, newIncident, partyId } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

/** A closure of the written incident as close-incident builds it, guarded by what was read. */
function closure(
  written: ReturnType<typeof newIncident>,
  overrides: Partial<IncidentUpdateWrite> = {},
): IncidentUpdateWrite {
  const closedAt = '2026-11-21T04:00:00.000Z';
  const obligations = obligationsAfterClosure(
    written.obligations,
    Date.parse(closedAt),
    `${written.incident.id}#close`,
  );
  const before = new Map(written.obligations.map((o) => [o.id, o.state]));
  return {
    incident: { ...written.incident, status: 'closed', closedAt, updatedAt: closedAt },
    expectedVersion: 1,
    expectedStatus: 'open',
    obligations: obligations
      .filter((o) => before.get(o.id) !== o.state)
      .map((next) => {
        const expectedState = before.get(next.id);
        return expectedState === undefined ? { next } : { next, expectedState };
      }),
    deliveries: [delivery({ subjectId: written.incident.id })],
    ...overrides,
  };
}

describe.each(STORES)('IncidentStore on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  it('writes an incident whole: head, version 1, obligations and its deliveries', async () => {
    const write = newIncident({ deliveries: 2 });

    await store.incidents.saveNewIncident(write);

    const detail = await store.incidents.getIncident(write.incident.id);
    expect(detail?.incident).toEqual(write.incident);
    expect(detail?.versions).toEqual([write.version]);
    expect(detail?.obligations.map((o) => o.id)).toEqual(write.obligations.map((o) => o.id).sort());
    for (const d of write.deliveries) {
      expect(await store.deliveries.getDelivery(d.id)).toEqual(d);
    }
  });

  it('of concurrent writes with one (SOC, socReference), exactly one lands; the others learn its receipt', async () => {
    const socId = partyId();
    const socReference = `REF-${socId}`;
    const writes = Array.from({ length: 5 }, () => newIncident({ socId, socReference }));

    const results = await Promise.allSettled(writes.map((w) => store.incidents.saveNewIncident(w)));

    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [writes[i]] : []));
    expect(won).toHaveLength(1);
    const winner = won[0];
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(ClaimTakenError);
      expect(r.reason).toMatchObject({
        claim: 'socReference',
        existing: { subjectId: winner?.incident.id, statusCode: 201, receipt: winner?.receipt },
      });
    }
    // The losers wrote nothing: not their head, not their deliveries.
    for (const loser of writes.filter((w) => w !== winner)) {
      expect(await store.incidents.getIncident(loser.incident.id)).toBeUndefined();
      expect(await store.deliveries.getDelivery(loser.deliveries[0]?.id ?? '')).toBeUndefined();
    }
    const listed = await store.incidents.listIncidents({ socId }, { limit: 10 });
    expect(listed.items.map((i) => i.id)).toEqual([winner?.incident.id]);
  });

  it('a taken Idempotency-Key fails the write with what the key stored; an expired one is reused', async () => {
    const socId = partyId();
    const first = newIncident({ socId, idempotencyKey: 'key-1' });
    await store.incidents.saveNewIncident(first);
    const second = newIncident({ socId, idempotencyKey: 'key-1', requestSha256: 'c'.repeat(64) });

    await expect(store.incidents.saveNewIncident(second)).rejects.toMatchObject({
      claim: 'idempotencyKey',
      existing: { requestSha256: first.requestSha256, subjectId: first.incident.id },
    });
    expect(await store.incidents.getIncident(second.incident.id)).toBeUndefined();

    const expired = newIncident({ socId });
    expired.idempotency = idempotencyClaim(socId, 'key-old', 'd'.repeat(64), expired.receipt, 1);
    await store.incidents.saveNewIncident(expired);
    const reusing = newIncident({ socId, idempotencyKey: 'key-old' });
    await store.incidents.saveNewIncident(reusing);
    expect((await store.idempotency.getIdempotency(socId, 'key-old'))?.receipt.id).toBe(
      reusing.incident.id,
    );
  });

  it('an update against a version read before another one fails whole with StaleWriteError', async () => {
    const written = newIncident();
    await store.incidents.saveNewIncident(written);
    const a = closure(written);
    const b = closure(written);

    const results = await Promise.allSettled([
      store.incidents.saveIncidentUpdate(a),
      store.incidents.saveIncidentUpdate(b),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(StaleWriteError);
    const loser = results[0]?.status === 'rejected' ? a : b;
    expect(await store.deliveries.getDelivery(loser.deliveries[0]?.id ?? '')).toBeUndefined();
  });

  it('one stale obligation cancels the whole update: head, version, deliveries and key unwritten', async () => {
    const written = newIncident({ socId: partyId() });
    await store.incidents.saveNewIncident(written);
    const update = closure(written, {
      idempotency: idempotencyClaim(
        written.incident.socId,
        'k-stale',
        'e'.repeat(64),
        written.receipt,
      ),
    });
    const [first, ...rest] = update.obligations;
    if (first === undefined) throw new Error('closure changes no obligation');
    // Read as `missed`, but it is stored `open`: the guard fails.
    update.obligations = [{ ...first, expectedState: 'missed' }, ...rest];

    await expect(store.incidents.saveIncidentUpdate(update)).rejects.toBeInstanceOf(
      StaleWriteError,
    );

    const detail = await store.incidents.getIncident(written.incident.id);
    expect(detail?.incident).toEqual(written.incident);
    expect(
      detail?.obligations.every((o) =>
        written.obligations.some((w) => w.id === o.id && w.state === o.state),
      ),
    ).toBe(true);
    expect(await store.deliveries.getDelivery(update.deliveries[0]?.id ?? '')).toBeUndefined();
    expect(
      await store.idempotency.getIdempotency(written.incident.socId, 'k-stale'),
    ).toBeUndefined();
  });

  it('an update of an incident that does not exist is stale, not a crash', async () => {
    const never = newIncident();
    await expect(store.incidents.saveIncidentUpdate(closure(never))).rejects.toBeInstanceOf(
      StaleWriteError,
    );
    expect(await store.incidents.getIncident(never.incident.id)).toBeUndefined();
  });

  it('lists newest first, page by page, with a cursor that ends', async () => {
    const socId = partyId();
    const times = ['2026-11-20T01:00:00Z', '2026-11-20T03:00:00.5Z', '2026-11-20T02:00:00+00:00'];
    const writes = times.map((receivedAt) => newIncident({ socId, receivedAt }));
    for (const w of writes) await store.incidents.saveNewIncident(w);

    const first = await store.incidents.listIncidents({ socId }, { limit: 2 });
    const second = await store.incidents.listIncidents(
      { socId },
      { limit: 2, ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }) },
    );

    const ids = (i: number) => writes[i]?.incident.id;
    expect(first.items.map((i) => i.id)).toEqual([ids(1), ids(2)]);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(second.items.map((i) => i.id)).toEqual([ids(0)]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('filters by status and severity', async () => {
    const socId = partyId();
    const open = newIncident({ socId, severity: 2 });
    const closed = newIncident({ socId, severity: 2 });
    const other = newIncident({ socId, severity: 4 });
    for (const w of [open, closed, other]) await store.incidents.saveNewIncident(w);
    await store.incidents.saveIncidentUpdate(closure(closed));

    const page = await store.incidents.listIncidents(
      { socId, status: 'open', severity: 2 },
      { limit: 10 },
    );

    expect(page.items.map((i) => i.id)).toEqual([open.incident.id]);
  });

  it('refuses a forged cursor, and a cursor of another SOC’s listing, with invalid_cursor', async () => {
    const socId = partyId();
    for (const receivedAt of ['2026-11-20T01:00:00Z', '2026-11-20T02:00:00Z']) {
      await store.incidents.saveNewIncident(newIncident({ socId, receivedAt }));
    }
    const page = await store.incidents.listIncidents({ socId }, { limit: 1 });
    const cursor = page.nextCursor ?? '';

    for (const attempt of [
      store.incidents.listIncidents({ socId }, { limit: 1, cursor: 'not-a-cursor' }),
      store.incidents.listIncidents({ socId: partyId() }, { limit: 1, cursor }),
    ]) {
      await expect(attempt).rejects.toBeInstanceOf(MalformedBodyError);
      await expect(attempt).rejects.toMatchObject({ code: 'invalid_cursor' });
    }
  });

  it('answers 503 when the store is down and leaves nothing of the write behind', async () => {
    const write = newIncident();
    store.setDown(true);
    try {
      await expect(store.incidents.saveNewIncident(write)).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
    } finally {
      store.setDown(false);
    }
    expect(await store.incidents.getIncident(write.incident.id)).toBeUndefined();
    expect(await store.deliveries.getDelivery(write.deliveries[0]?.id ?? '')).toBeUndefined();
  });
});
