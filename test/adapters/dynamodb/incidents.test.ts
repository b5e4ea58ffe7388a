import { beforeAll, describe, expect, it } from 'vitest';
import { markMissed, satisfy } from '../../../functions/core/clocks/obligations.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import { ClaimTakenError, StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { instantOf } from '../../../functions/core/time.js';
import {
  concurrently,
  idempotencyClaim,
  newIncident,
  partyId,
  uid,
} from '../../support/records.js';
import { type FreshStore, freshStore, rawItem, rawPartition } from './fresh-store.js';

let fresh: FreshStore;
let store: AllStores;

beforeAll(async () => {
  fresh = await freshStore();
  store = fresh.store;
});

describe('saveNewIncident / getIncident', () => {
  it('writes incident, version 1, obligations and deliveries, and reads them back whole', async () => {
    // Arrange
    const write = newIncident({ ownerId: 'owner-energo', deliveries: 2 });

    // Act
    await store.saveNewIncident(write);
    const detail = await store.getIncident(write.incident.id);

    // Assert
    expect(detail?.incident).toEqual(write.incident);
    expect(detail?.versions).toEqual([write.version]);
    expect(detail?.obligations).toHaveLength(write.obligations.length);
    expect(detail?.obligations).toEqual(expect.arrayContaining(write.obligations));
    for (const d of write.deliveries) expect(await store.getDelivery(d.id)).toEqual(d);
  });

  it('answers undefined for an unknown incident', async () => {
    expect(await store.getIncident(uid('inc'))).toBeUndefined();
  });

  it('refuses a second incident with the same (SOC, socReference), carrying the first receipt', async () => {
    // Arrange
    const first = newIncident({ requestSha256: '1'.repeat(64) });
    const second = newIncident({
      socReference: first.incident.socReference,
      requestSha256: '2'.repeat(64),
    });
    await store.saveNewIncident(first);

    // Act
    const error = await store.saveNewIncident(second).catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(ClaimTakenError);
    expect(error).toMatchObject({
      claim: 'socReference',
      existing: {
        requestSha256: '1'.repeat(64),
        receipt: first.receipt,
        statusCode: 201,
        subjectId: first.incident.id,
      },
    });
    expect(await store.getIncident(second.incident.id)).toBeUndefined();
    for (const d of second.deliveries) expect(await store.getDelivery(d.id)).toBeUndefined();
  });

  it('lets another SOC use the same socReference', async () => {
    const first = newIncident({ socId: partyId() });
    const second = newIncident({ socId: partyId(), socReference: first.incident.socReference });
    await store.saveNewIncident(first);
    await expect(store.saveNewIncident(second)).resolves.toBeUndefined();
  });

  it('of 50 concurrent writes with one (SOC, socReference), exactly one lands; 49 get its receipt', async () => {
    // Arrange
    const socReference = `RACE-${uid('ref')}`;
    const writes = Array.from({ length: 50 }, () => newIncident({ socReference }));

    // Act
    const { values, errors } = await concurrently(50, (i) =>
      store.saveNewIncident(writes[i] ?? newIncident()),
    );

    // Assert
    expect(values).toHaveLength(1);
    expect(errors).toHaveLength(49);
    const landed = [];
    for (const w of writes) if (await store.getIncident(w.incident.id)) landed.push(w);
    expect(landed).toHaveLength(1);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ClaimTakenError);
      expect(error).toMatchObject({
        claim: 'socReference',
        existing: { receipt: landed[0]?.receipt },
      });
    }
  });

  it('of 50 concurrent writes with one Idempotency-Key, exactly one lands; 49 get its receipt', async () => {
    // Arrange: different socReferences, so only the key collides.
    const key = uid('key');
    const writes = Array.from({ length: 50 }, () => newIncident({ idempotencyKey: key }));

    // Act
    const { values, errors } = await concurrently(50, (i) =>
      store.saveNewIncident(writes[i] ?? newIncident()),
    );

    // Assert
    expect(values).toHaveLength(1);
    expect(errors).toHaveLength(49);
    const record = await store.getIdempotency('soc-alpha', key);
    const winner = writes.find((w) => w.incident.id === record?.receipt.id);
    expect(winner).toBeDefined();
    for (const error of errors) {
      expect(error).toMatchObject({
        claim: 'idempotencyKey',
        existing: { receipt: winner?.receipt, statusCode: 201 },
      });
    }
  });

  it('prefers the idempotency claim when both claims are taken', async () => {
    const first = newIncident({ idempotencyKey: uid('key') });
    const replay = newIncident({
      socReference: first.incident.socReference,
      idempotencyKey: first.idempotency?.key ?? 'unset',
    });
    await store.saveNewIncident(first);
    await expect(store.saveNewIncident(replay)).rejects.toMatchObject({ claim: 'idempotencyKey' });
  });

  it('stores the idempotency record with a TTL, and only that record', async () => {
    // Arrange
    const write = newIncident({ idempotencyKey: uid('key') });
    const key = write.idempotency?.key ?? 'unset';

    // Act
    await store.saveNewIncident(write);

    // Assert
    expect(await store.getIdempotency('soc-alpha', key)).toEqual(write.idempotency);
    const idem = await rawItem(fresh, 'PARTY#soc-alpha', `IDEMPOTENCY#${key}`);
    expect(idem?.expiresAt).toEqual({ N: String(write.idempotency?.expiresAtEpochSeconds) });
    const subject = await rawPartition(fresh, `SUBJECT#${write.incident.id}`);
    expect(subject.length).toBe(2 + write.obligations.length);
    for (const item of subject) expect(item).not.toHaveProperty('expiresAt');
    const claim = await rawItem(fresh, 'PARTY#soc-alpha', `SOCREF#${write.incident.socReference}`);
    expect(claim).toBeDefined();
    expect(claim).not.toHaveProperty('expiresAt');
    for (const d of write.deliveries) {
      const item = await rawItem(fresh, `DELIVERY#${d.id}`, 'DELIVERY');
      expect(item).toBeDefined();
      expect(item).not.toHaveProperty('expiresAt');
    }
  });

  it('ignores an expired idempotency record that TTL has not deleted yet, and lets the key be claimed again', async () => {
    // Arrange
    const key = uid('key');
    const stale = newIncident();
    stale.idempotency = idempotencyClaim(
      'soc-alpha',
      key,
      'e'.repeat(64),
      stale.receipt,
      Math.floor(Date.now() / 1000) - 10,
    );
    await store.saveNewIncident(stale);

    // Act
    const fresh = newIncident({ idempotencyKey: key });
    const lookedUp = await store.getIdempotency('soc-alpha', key);
    await store.saveNewIncident(fresh);

    // Assert
    expect(lookedUp).toBeUndefined();
    expect(await store.getIdempotency('soc-alpha', key)).toEqual(fresh.idempotency);
  });
});

describe('saveIncidentUpdate', () => {
  it('writes a revision: new head, version 2, changed obligations and deliveries', async () => {
    // Arrange
    const write = newIncident({ completeCard: false });
    await store.saveNewIncident(write);
    const card = write.obligations.find((o) => o.kind === 'card');
    if (!card) throw new Error('fixture has no card obligation');
    const satisfied = satisfy(card, instantOf('2026-11-20T06:00:00Z'), `${write.incident.id}#v2`);
    const revised = {
      ...write.incident,
      version: 2,
      completeCard: true,
      severity: 4,
      updatedAt: '2026-11-20T06:00:00Z',
    };
    const version = { ...write.version, version: 2, messageId: `${write.incident.id}#v2` };
    const notice = newIncident().deliveries.map((d) => ({
      ...d,
      subjectId: write.incident.id,
      event: 'incident.card' as const,
    }));

    // Act
    await store.saveIncidentUpdate({
      incident: revised,
      expectedVersion: 1,
      expectedStatus: 'open',
      newVersion: version,
      obligations: [{ next: satisfied, expectedState: 'open' }],
      deliveries: notice,
    });

    // Assert
    const detail = await store.getIncident(write.incident.id);
    expect(detail?.incident).toEqual(revised);
    expect(detail?.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(detail?.obligations.find((o) => o.kind === 'card')).toEqual(satisfied);
    expect(await store.getDelivery(notice[0]?.id ?? '')).toEqual(notice[0]);
  });

  it('throws StaleWriteError when the version moved on, and writes nothing', async () => {
    const write = newIncident();
    await store.saveNewIncident(write);
    const version = { ...write.version, version: 2 };

    const attempt = store.saveIncidentUpdate({
      incident: { ...write.incident, version: 3 },
      expectedVersion: 2,
      expectedStatus: 'open',
      newVersion: version,
      obligations: [],
      deliveries: [],
    });

    await expect(attempt).rejects.toBeInstanceOf(StaleWriteError);
    expect((await store.getIncident(write.incident.id))?.versions).toHaveLength(1);
  });

  it('throws StaleWriteError when the status is not the one read (no revision into a closed incident)', async () => {
    const write = newIncident();
    await store.saveNewIncident(write);
    await store.saveIncidentUpdate({
      incident: { ...write.incident, status: 'closed', closedAt: '2026-11-20T07:00:00Z' },
      expectedVersion: 1,
      expectedStatus: 'open',
      obligations: [],
      deliveries: [],
    });

    const revision = store.saveIncidentUpdate({
      incident: { ...write.incident, version: 2 },
      expectedVersion: 1,
      expectedStatus: 'open',
      obligations: [],
      deliveries: [],
    });

    await expect(revision).rejects.toBeInstanceOf(StaleWriteError);
  });

  it('of two concurrent updates from the same version, exactly one throws StaleWriteError', async () => {
    // Arrange
    const write = newIncident();
    await store.saveNewIncident(write);
    const update = (severity: 2 | 4) =>
      store.saveIncidentUpdate({
        incident: { ...write.incident, version: 2, severity },
        expectedVersion: 1,
        expectedStatus: 'open',
        newVersion: { ...write.version, version: 2 },
        obligations: [],
        deliveries: [],
      });

    // Act
    const { values, errors } = await concurrently(2, (i) => update(i === 0 ? 2 : 4));

    // Assert
    expect(values).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StaleWriteError);
    expect((await store.getIncident(write.incident.id))?.versions).toHaveLength(2);
  });

  it('refuses a reused Idempotency-Key with ClaimTakenError', async () => {
    const write = newIncident({ idempotencyKey: uid('key') });
    await store.saveNewIncident(write);

    const update = store.saveIncidentUpdate({
      incident: { ...write.incident, version: 2 },
      expectedVersion: 1,
      expectedStatus: 'open',
      obligations: [],
      deliveries: [],
      ...(write.idempotency === undefined ? {} : { idempotency: write.idempotency }),
    });

    await expect(update).rejects.toMatchObject({ claim: 'idempotencyKey' });
    expect((await store.getIncident(write.incident.id))?.incident.version).toBe(1);
  });
});

describe('listIncidents', () => {
  it('lists one SOC newest first, filters by status and severity, and pages with cursors', async () => {
    // Arrange: 7 incidents a minute apart, alternating severity; one closed.
    const socId = partyId();
    const writes = Array.from({ length: 7 }, (_v, i) =>
      newIncident({
        socId,
        severity: i % 2 === 0 ? 3 : 4,
        receivedAt: `2026-11-20T05:0${i}:00Z`,
      }),
    );
    for (const w of writes) await store.saveNewIncident(w);
    const closed = writes[2];
    if (!closed) throw new Error('fixture');
    await store.saveIncidentUpdate({
      incident: { ...closed.incident, status: 'closed' },
      expectedVersion: 1,
      expectedStatus: 'open',
      obligations: [],
      deliveries: [],
    });
    const newestFirst = writes.map((w) => w.incident.id).reverse();

    // Act
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listIncidents(
        { socId },
        { limit: 3, ...(cursor ? { cursor } : {}) },
      );
      pages.push(page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const severe = await store.listIncidents({ socId, severity: 4 }, { limit: 10 });
    const open = await store.listIncidents({ socId, status: 'open', severity: 3 }, { limit: 10 });

    // Assert
    expect(pages.flat()).toEqual(newestFirst);
    expect(pages[0]).toHaveLength(3);
    expect(severe.items.map((i) => i.id)).toEqual(newestFirst.filter((_id, i) => i % 2 === 1));
    expect(open.items.map((i) => i.id)).toEqual([6, 4, 0].map((i) => writes[i]?.incident.id));
    expect(severe.nextCursor).toBeUndefined();
  });

  it('fills a filtered page across reads and its cursor resumes after the last item returned', async () => {
    const socId = partyId();
    const writes = Array.from({ length: 9 }, (_v, i) =>
      newIncident({ socId, severity: i % 3 === 0 ? 4 : 2, receivedAt: `2026-11-20T06:0${i}:00Z` }),
    );
    for (const w of writes) await store.saveNewIncident(w);

    const first = await store.listIncidents({ socId, severity: 4 }, { limit: 2 });
    const second = await store.listIncidents(
      { socId, severity: 4 },
      { limit: 2, ...(first.nextCursor ? { cursor: first.nextCursor } : {}) },
    );

    expect(first.items.map((i) => i.id)).toEqual([writes[6]?.incident.id, writes[3]?.incident.id]);
    expect(second.items.map((i) => i.id)).toEqual([writes[0]?.incident.id]);
  });

  it('lists NCC-wide across SOCs (gsi2)', async () => {
    const a = newIncident({ socId: partyId(), receivedAt: '2030-01-01T00:00:01Z' });
    const b = newIncident({ socId: partyId(), receivedAt: '2030-01-01T00:00:02Z' });
    await store.saveNewIncident(a);
    await store.saveNewIncident(b);

    const page = await store.listIncidents({}, { limit: 2 });

    expect(page.items.map((i) => i.id)).toEqual([b.incident.id, a.incident.id]);
  });

  it('filters overdue incidents: a miss marks one, a late satisfaction clears it', async () => {
    // Arrange
    const socId = partyId();
    const write = newIncident({ socId, completeCard: false });
    const other = newIncident({ socId });
    await store.saveNewIncident(write);
    await store.saveNewIncident(other);
    const card = write.obligations.find((o) => o.kind === 'card');
    if (!card) throw new Error('fixture');
    const missed = markMissed(card, instantOf('2026-11-23T05:00:00Z'));

    // Act
    await store.transitionOpen(missed, card, []);
    const overdue = await store.listIncidents({ socId, overdue: true }, { limit: 10 });
    const onTime = await store.listIncidents({ socId, overdue: false }, { limit: 10 });
    await store.saveIncidentUpdate({
      incident: { ...write.incident, version: 2 },
      expectedVersion: 1,
      expectedStatus: 'open',
      obligations: [
        {
          next: satisfy(missed, instantOf('2026-11-23T06:00:00Z'), 'late'),
          expectedState: 'missed',
        },
      ],
      deliveries: [],
    });
    const afterLateCard = await store.listIncidents({ socId, overdue: true }, { limit: 10 });

    // Assert
    expect(overdue.items.map((i) => i.id)).toEqual([write.incident.id]);
    expect(onTime.items.map((i) => i.id)).toEqual([other.incident.id]);
    expect(afterLateCard.items).toEqual([]);
  });

  it('counts an obligation already missed when the incident arrives', async () => {
    const socId = partyId();
    // Notified four days after confirmation: card and elimination are missed at once.
    const write = newIncident({ socId, completeCard: false, receivedAt: '2026-11-24T05:00:00Z' });
    await store.saveNewIncident(write);

    const overdue = await store.listIncidents({ socId, overdue: true }, { limit: 10 });

    expect(write.obligations.some((o) => o.state === 'missed')).toBe(true);
    expect(overdue.items.map((i) => i.id)).toEqual([write.incident.id]);
  });
});
