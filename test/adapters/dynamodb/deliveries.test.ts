import { beforeEach, describe, expect, it } from 'vitest';
import { satisfy } from '../../../functions/core/clocks/obligations.js';
import { NotFoundError } from '../../../functions/core/errors.js';
import type { DeliveryRecord } from '../../../functions/core/ports/records.js';
import { instantOf } from '../../../functions/core/time.js';
import { concurrently, delivery, newIncident, partyId } from '../../support/records.js';
import { type FreshStore, freshStore, rawItem } from './fresh-store.js';

// The outbox index spans the table, so every test gets a table of its own.
let fresh: FreshStore;
beforeEach(async () => {
  fresh = await freshStore();
});

/** Writes deliveries through the store, as a new incident's outbox. */
async function seed(deliveries: DeliveryRecord[], ownerId?: string) {
  const write = newIncident({ deliveries: 0, ...(ownerId === undefined ? {} : { ownerId }) });
  const own = deliveries.map((d) => ({ ...d, subjectId: write.incident.id }));
  await fresh.store.saveNewIncident({ ...write, deliveries: own });
  return { write, deliveries: own };
}

/** A hand-off time after every due time in these tests. */
const FAR_FUTURE = '2030-01-01T00:00:00Z';

describe('outbox', () => {
  it('lists unqueued deliveries created by `until`, oldest first, and markQueued takes them out', async () => {
    // Arrange
    const { deliveries } = await seed([
      delivery({ createdAt: '2026-11-20T04:00:02Z' }),
      delivery({ createdAt: '2026-11-20T04:00:01.5Z' }),
      delivery({ createdAt: '2026-11-20T04:00:09Z' }),
      delivery({ createdAt: '2026-11-20T04:00:00Z', queued: true }),
    ]);
    const [second, first, late, queued] = deliveries;

    // Act
    const before = await fresh.store.listUnqueued('2026-11-20T04:00:05Z', 10);
    await fresh.store.markQueued([first?.id ?? '', first?.id ?? '', 'dlv_unknown'], FAR_FUTURE);
    const after = await fresh.store.listUnqueued('2026-11-20T04:00:05Z', 10);

    // Assert
    expect(before.map((d) => d.id)).toEqual([first?.id, second?.id]);
    expect(before[0]).toEqual(first);
    expect(after.map((d) => d.id)).toEqual([second?.id]);
    expect(await fresh.store.getDelivery(first?.id ?? '')).toEqual({ ...first, queued: true });
    expect(await fresh.store.listUnqueued('2030-01-01T00:00:00Z', 10)).not.toContainEqual(queued);
    expect(await rawItem(fresh, `DELIVERY#${first?.id}`, 'DELIVERY')).not.toHaveProperty(
      'outboxPk',
    );
    expect(await rawItem(fresh, `DELIVERY#${late?.id}`, 'DELIVERY')).toHaveProperty('outboxPk');
  });

  it('marks more than one transaction of deliveries as queued', async () => {
    const many = Array.from({ length: 130 }, () => delivery());
    for (let i = 0; i < many.length; i += 60) await seed(many.slice(i, i + 60));

    await fresh.store.markQueued(
      many.map((d) => d.id),
      FAR_FUTURE,
    );

    expect(await fresh.store.listUnqueued('2030-01-01T00:00:00Z', 500)).toEqual([]);
  });
});

describe('attempts and failure', () => {
  it('records attempts and a delivered outcome', async () => {
    const { deliveries } = await seed([delivery()]);
    const stored = deliveries[0];
    if (!stored) throw new Error('fixture');
    const id = stored.id;

    await fresh.store.recordAttempt(stored, {
      status: 'pending',
      attempts: 1,
      at: '2026-11-20T04:13:00Z',
      error: 'HTTP 502',
    });
    await fresh.store.recordAttempt(stored, {
      status: 'delivered',
      attempts: 2,
      at: '2026-11-20T04:14:00Z',
    });

    expect(await fresh.store.getDelivery(id)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      deliveredAt: '2026-11-20T04:14:00Z',
      lastError: 'HTTP 502',
    });
  });

  it('throws NotFoundError for an attempt on an unknown delivery, and creates nothing', async () => {
    const attempt = fresh.store.recordAttempt(delivery({ id: 'dlv_none' }), {
      status: 'pending',
      attempts: 1,
      at: '2026-11-20T04:13:00Z',
    });
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    expect(await fresh.store.getDelivery('dlv_none')).toBeUndefined();
  });

  it('fails a delivery once: of concurrent failDelivery calls one escalates', async () => {
    // Arrange
    const { deliveries } = await seed([delivery()]);
    const stored = deliveries[0];
    if (!stored) throw new Error('fixture');
    const id = stored.id;
    const escalations = Array.from({ length: 5 }, () =>
      delivery({ event: 'obligation.missed', partyId: 'ncc-main' }),
    );
    const final = { attempts: 5, at: '2026-11-20T05:00:00Z', error: 'HTTP 500' };

    // Act
    const { values } = await concurrently(5, (i) =>
      fresh.store.failDelivery(stored, final, escalations.slice(i, i + 1)),
    );

    // Assert
    expect(values.filter((v) => v)).toHaveLength(1);
    expect(await fresh.store.getDelivery(id)).toMatchObject({
      status: 'failed',
      attempts: 5,
      lastError: 'HTTP 500',
    });
    const written = await fresh.store.listUnqueued('2030-01-01T00:00:00Z', 50);
    expect(written.filter((d) => d.event === 'obligation.missed')).toHaveLength(1);
  });
});

describe('acknowledgement', () => {
  it('records the ack and satisfies notify_owner in one write; a second ack changes nothing', async () => {
    // Arrange
    const owner = partyId('owner');
    const { write, deliveries } = await seed([delivery({ partyId: owner })], owner);
    const notifyOwner = write.obligations.find((o) => o.kind === 'notify_owner');
    const toOwner = deliveries[0];
    if (!notifyOwner || !toOwner) throw new Error('fixture');
    const firstAck = satisfy(notifyOwner, instantOf('2026-11-20T04:20:00Z'), toOwner.id);
    const secondAck = satisfy(notifyOwner, instantOf('2026-11-20T04:40:00Z'), toOwner.id);

    // Act
    await fresh.store.saveAcknowledgement({ ...toOwner, acknowledgedAt: '2026-11-20T04:20:00Z' }, [
      { next: firstAck, expectedState: 'open' },
    ]);
    await fresh.store.saveAcknowledgement({ ...toOwner, acknowledgedAt: '2026-11-20T04:40:00Z' }, [
      { next: secondAck, expectedState: 'open' },
    ]);

    // Assert
    expect(await fresh.store.getDelivery(toOwner.id)).toEqual({
      ...toOwner,
      acknowledgedAt: '2026-11-20T04:20:00Z',
    });
    const stored = (await fresh.store.obligationsOf(write.incident.id)).find(
      (o) => o.kind === 'notify_owner',
    );
    expect(stored).toEqual(firstAck);
    expect(stored?.state).toBe('satisfied');
  });

  it('does not undo a concurrent attempt record (only the ack field is written)', async () => {
    const { deliveries } = await seed([delivery()]);
    const d = deliveries[0];
    if (!d) throw new Error('fixture');
    await fresh.store.recordAttempt(d, {
      status: 'delivered',
      attempts: 1,
      at: '2026-11-20T04:13:00Z',
    });

    // The ack was computed from the record as read before the attempt was recorded.
    await fresh.store.saveAcknowledgement({ ...d, acknowledgedAt: '2026-11-20T04:14:00Z' }, []);

    expect(await fresh.store.getDelivery(d.id)).toMatchObject({
      status: 'delivered',
      acknowledgedAt: '2026-11-20T04:14:00Z',
    });
  });

  it('throws NotFoundError when acknowledging an unknown delivery', async () => {
    const ack = fresh.store.saveAcknowledgement(
      delivery({ acknowledgedAt: '2026-11-20T04:14:00Z' }),
      [],
    );
    await expect(ack).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('listDeliveries', () => {
  it("lists a party's deliveries newest first, page by page", async () => {
    // Arrange
    const recipient = partyId('owner');
    const times = ['04:00:01', '04:00:02', '04:00:03', '04:00:04', '04:00:05'].map(
      (t) => `2026-11-20T${t}Z`,
    );
    const { deliveries } = await seed([
      ...times.map((createdAt) => delivery({ partyId: recipient, createdAt })),
      delivery(),
    ]);
    const expected = deliveries.filter((d) => d.partyId === recipient).reverse();

    // Act
    const first = await fresh.store.listDeliveries(recipient, { limit: 2 });
    const second = await fresh.store.listDeliveries(recipient, {
      limit: 2,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    const third = await fresh.store.listDeliveries(recipient, {
      limit: 2,
      ...(second.nextCursor ? { cursor: second.nextCursor } : {}),
    });

    // Assert
    expect([...first.items, ...second.items, ...third.items]).toEqual(expected);
    expect(third.nextCursor).toBeUndefined();
  });
});
