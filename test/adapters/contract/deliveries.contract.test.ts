/** DeliveryStore contract on both stores: outbox, attempts, set-once acks, the give-up path, paging. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError, NotFoundError } from '../../../functions/core/errors.js';
import { StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { delivery, newIncident, partyId } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

describe.each(STORES)('DeliveryStore on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  /** Writes deliveries the way the gateway does: with the incident that causes them. */
  async function written(...deliveries: ReturnType<typeof delivery>[]) {
    const write = newIncident({ deliveries: 0 });
    write.deliveries = deliveries.map((d) => ({ ...d, subjectId: write.incident.id }));
    await store.incidents.saveNewIncident(write);
    return write;
  }

  it('keeps unqueued deliveries in the outbox, oldest first, until they are marked queued', async () => {
    const [a, b, c] = ['2001-02-01T03:00:00Z', '2001-02-01T01:00:00Z', '2001-02-01T02:00:00Z'].map(
      (createdAt) => delivery({ createdAt }),
    );
    if (!a || !b || !c) throw new Error('three deliveries');
    const write = await written(a, b, c);
    const [wa, wb, wc] = write.deliveries;

    const before = await store.deliveries.listUnqueued('2001-02-01T02:30:00Z', 10);
    await store.deliveries.markQueued([wb?.id ?? '', 'dlv_unknown']);
    const after = await store.deliveries.listUnqueued('2001-02-01T03:00:00Z', 10);

    expect(before.map((d) => d.id)).toEqual([wb?.id, wc?.id]);
    expect(after.map((d) => d.id)).toEqual([wc?.id, wa?.id]);
    expect((await store.deliveries.getDelivery(wb?.id ?? ''))?.queued).toBe(true);
  });

  it('records attempts, and refuses an attempt on an unknown delivery with NotFoundError', async () => {
    const write = await written(delivery());
    const id = write.deliveries[0]?.id ?? '';

    await store.deliveries.recordAttempt(id, {
      status: 'pending',
      attempts: 1,
      at: '2026-11-20T05:00:00Z',
      error: 'HTTP 503',
    });
    await store.deliveries.recordAttempt(id, {
      status: 'delivered',
      attempts: 2,
      at: '2026-11-20T05:01:00Z',
    });

    expect(await store.deliveries.getDelivery(id)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      deliveredAt: '2026-11-20T05:01:00Z',
      lastError: 'HTTP 503',
    });
    await expect(
      store.deliveries.recordAttempt('dlv_missing', {
        status: 'delivered',
        attempts: 1,
        at: '2026-11-20T05:00:00Z',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an ack is set once: the second changes nothing and succeeds; an unknown delivery is NotFound', async () => {
    const write = await written(delivery());
    const stored = write.deliveries[0];
    if (!stored) throw new Error('no delivery');

    await store.deliveries.saveAcknowledgement(
      { ...stored, acknowledgedAt: '2026-11-20T05:00:00Z' },
      [],
    );
    await store.deliveries.saveAcknowledgement(
      { ...stored, acknowledgedAt: '2026-11-20T06:00:00Z' },
      [],
    );

    expect((await store.deliveries.getDelivery(stored.id))?.acknowledgedAt).toBe(
      '2026-11-20T05:00:00Z',
    );
    await expect(
      store.deliveries.saveAcknowledgement(
        delivery({ id: 'dlv_nowhere', acknowledgedAt: '2026-11-20T05:00:00Z' }),
        [],
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an ack whose obligation moved on fails whole with StaleWriteError: the ack is not recorded', async () => {
    const write = newIncident({ ownerId: partyId('owner') });
    await store.incidents.saveNewIncident(write);
    const stored = write.deliveries[0];
    const notifyOwner = write.obligations.find((o) => o.kind === 'notify_owner');
    if (!stored || !notifyOwner) throw new Error('fixture');
    const satisfied = {
      ...notifyOwner,
      state: 'satisfied' as const,
      satisfiedAt: '2026-11-20T05:00:00Z',
    };

    const ack = store.deliveries.saveAcknowledgement(
      { ...stored, acknowledgedAt: '2026-11-20T05:00:00Z' },
      [{ next: satisfied, expectedState: 'missed' }],
    );

    await expect(ack).rejects.toBeInstanceOf(StaleWriteError);
    expect((await store.deliveries.getDelivery(stored.id))?.acknowledgedAt).toBeUndefined();
  });

  it('fails a delivery once with its escalations; a redelivered message escalates nothing', async () => {
    const write = await written(delivery());
    const id = write.deliveries[0]?.id ?? '';
    const final = { attempts: 3, at: '2026-11-20T05:00:00Z', error: 'HTTP 500' };
    const [first, second] = [delivery(), delivery()];
    if (!first || !second) throw new Error('fixture');

    expect(await store.deliveries.failDelivery(id, final, [first])).toBe(true);
    expect(await store.deliveries.failDelivery(id, final, [second])).toBe(false);

    expect(await store.deliveries.getDelivery(id)).toMatchObject({
      status: 'failed',
      lastError: 'HTTP 500',
    });
    expect(await store.deliveries.getDelivery(first.id)).toEqual(first);
    expect(await store.deliveries.getDelivery(second.id)).toBeUndefined();
    await expect(store.deliveries.failDelivery('dlv_missing', final, [])).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("lists a party's deliveries newest first, page by page", async () => {
    const to = partyId('owner');
    const times = ['2001-03-01T01:00:00Z', '2001-03-01T03:00:00Z', '2001-03-01T02:00:00Z'];
    const write = await written(...times.map((createdAt) => delivery({ partyId: to, createdAt })));
    const ids = write.deliveries.map((d) => d.id);

    const first = await store.deliveries.listDeliveries(to, { limit: 2 });
    const second = await store.deliveries.listDeliveries(to, {
      limit: 2,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });

    expect(first.items.map((d) => d.id)).toEqual([ids[1], ids[2]]);
    expect(second.items.map((d) => d.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeUndefined();
    await expect(
      store.deliveries.listDeliveries(partyId(), { limit: 2, cursor: first.nextCursor ?? '' }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('answers 503 when the store is down; the failure path writes nothing', async () => {
    const write = await written(delivery());
    const id = write.deliveries[0]?.id ?? '';
    const escalation = delivery();
    store.setDown(true);
    try {
      await expect(
        store.deliveries.failDelivery(id, { attempts: 3, at: '2026-11-20T05:00:00Z', error: 'x' }, [
          escalation,
        ]),
      ).rejects.toBeInstanceOf(DependencyUnavailableError);
    } finally {
      store.setDown(false);
    }
    expect((await store.deliveries.getDelivery(id))?.status).toBe('pending');
    expect(await store.deliveries.getDelivery(escalation.id)).toBeUndefined();
  });
});
