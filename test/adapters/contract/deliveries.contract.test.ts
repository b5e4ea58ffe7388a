/** DeliveryStore contract on both stores: outbox, attempts, set-once acks, the give-up path, paging. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError, NotFoundError } from '../../../functions/core/errors.js';
import { StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { delivery, newIncident, partyId } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

/** Reads a GSI listing until it has `count` items (DynamoDB's GSIs are eventually consistent). */
async function eventually<T>(read: () => Promise<T[]>, count: number): Promise<T[]> {
  for (let i = 0; i < 50; i += 1) {
    const items = await read();
    if (items.length === count) return items;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return read();
}

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
    await store.deliveries.markQueued([wb?.id ?? '', 'dlv_unknown'], '2001-02-01T03:00:00Z');
    const after = await store.deliveries.listUnqueued('2001-02-01T03:00:00Z', 10);

    expect(before.map((d) => d.id)).toEqual([wb?.id, wc?.id]);
    expect(after.map((d) => d.id)).toEqual([wc?.id, wa?.id]);
    expect((await store.deliveries.getDelivery(wb?.id ?? ''))?.queued).toBe(true);
    // One id alone (an UpdateItem on DynamoDB, not a transaction): unknown is skipped too.
    await expect(
      store.deliveries.markQueued(['dlv_unknown'], '2001-02-01T03:00:00Z'),
    ).resolves.toBeUndefined();
  });

  it('records attempts, and refuses an attempt on an unknown delivery with NotFoundError', async () => {
    const write = await written(delivery());
    const stored = write.deliveries[0];
    if (!stored) throw new Error('fixture');
    const id = stored.id;

    await store.deliveries.recordAttempt(stored, {
      status: 'pending',
      attempts: 1,
      at: '2026-11-20T05:00:00Z',
      error: 'HTTP 503',
    });
    await store.deliveries.recordAttempt(stored, {
      status: 'delivered',
      attempts: 2,
      at: '2026-11-20T05:01:00Z',
      sentSha256: 'a'.repeat(64),
    });

    expect(await store.deliveries.getDelivery(id)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      deliveredAt: '2026-11-20T05:01:00Z',
      lastError: 'HTTP 503',
      // The digest of the body sent, under which the archive keeps it.
      sentSha256: 'a'.repeat(64),
    });
    await expect(
      store.deliveries.recordAttempt(delivery({ id: 'dlv_missing' }), {
        status: 'delivered',
        attempts: 1,
        at: '2026-11-20T05:00:00Z',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a retry scheduled beyond what SQS holds in the outbox, due at its next attempt', async () => {
    // Arrange: handed to SQS, then its attempt failed with a 2 h wait
    const write = await written(delivery({ createdAt: '2001-04-01T00:00:00Z' }));
    const stored = write.deliveries[0];
    if (!stored) throw new Error('fixture');
    await store.deliveries.markQueued([stored.id], '2001-04-01T00:00:01Z');

    // Act
    await store.deliveries.recordAttempt(stored, {
      status: 'pending',
      attempts: 5,
      at: '2001-04-01T00:00:05Z',
      error: 'HTTP 503',
      nextAttemptAt: '2001-04-01T02:00:05Z',
      retryVia: 'outbox',
    });
    // A relay that handed it over before the failure marks it late: it must stay.
    await store.deliveries.markQueued([stored.id], '2001-04-01T00:00:06Z');

    // Assert
    const ids = async (until: string) =>
      (await store.deliveries.listUnqueued(until, 100))
        .filter((d) => d.subjectId === stored.subjectId)
        .map((d) => d.id);
    expect(await ids('2001-04-01T02:00:04Z')).toEqual([]);
    expect(await ids('2001-04-01T02:00:05Z')).toEqual([stored.id]);
    expect(await store.deliveries.getDelivery(stored.id)).toMatchObject({
      status: 'pending',
      queued: false,
      attempts: 5,
      nextAttemptAt: '2001-04-01T02:00:05Z',
    });
    // Handed over when due, it leaves the outbox.
    await store.deliveries.markQueued([stored.id], '2001-04-01T02:00:06Z');
    expect(await ids('2030-01-01T00:00:00Z')).toEqual([]);
  });

  it("lists a party's undelivered deliveries, redrives failed and waiting ones, and forgets them once delivered", async () => {
    // Arrange: one failed, one waiting in the outbox, one held by SQS, one delivered
    const to = partyId('owner');
    const at = (minute: number) => `2001-05-01T00:0${minute}:00Z`;
    const write = await written(
      ...[1, 2, 3, 4].map((minute) =>
        delivery({ partyId: to, createdAt: at(minute), queued: true }),
      ),
    );
    const [failed, waiting, held, fine] = write.deliveries;
    if (!failed || !waiting || !held || !fine) throw new Error('fixture');
    const failure = { error: 'HTTP 500', at: at(5) };
    await store.deliveries.recordAttempt(failed, {
      status: 'pending',
      attempts: 1,
      ...failure,
      nextAttemptAt: at(6),
      retryVia: 'queue',
    });
    expect(await store.deliveries.failDelivery(failed, { attempts: 9, ...failure }, [])).toBe(true);
    await store.deliveries.recordAttempt(waiting, {
      status: 'pending',
      attempts: 4,
      ...failure,
      nextAttemptAt: '2001-05-01T02:00:00Z',
      retryVia: 'outbox',
    });
    await store.deliveries.recordAttempt(held, {
      status: 'pending',
      attempts: 1,
      ...failure,
      nextAttemptAt: at(6),
      retryVia: 'queue',
    });
    await store.deliveries.recordAttempt(fine, {
      status: 'pending',
      attempts: 1,
      ...failure,
      nextAttemptAt: at(6),
      retryVia: 'queue',
    });
    await store.deliveries.recordAttempt(fine, { status: 'delivered', attempts: 2, at: at(6) });

    // Act
    const undelivered = await eventually(() => store.deliveries.listUndelivered(to, 10), 3);
    const stale = { ...waiting, attempts: 3 };
    const staleOutcome = await store.deliveries.redrive([stale], at(7));
    const done = await store.deliveries.redrive(undelivered, at(7));

    // Assert
    expect(undelivered.map((d) => d.id)).toEqual([failed.id, waiting.id, held.id]);
    expect(staleOutcome).toEqual([]);
    expect(done.map((d) => d.id)).toEqual([failed.id, waiting.id]);
    expect(await store.deliveries.getDelivery(failed.id)).toMatchObject({
      status: 'pending',
      queued: false,
      attempts: 9,
      attemptsBeforeRedrive: 9,
      redrivenAt: at(7),
      nextAttemptAt: at(7),
    });
    expect(await store.deliveries.getDelivery(waiting.id)).toMatchObject({
      status: 'pending',
      queued: false,
      attempts: 4,
      nextAttemptAt: at(7),
    });
    expect(await store.deliveries.getDelivery(held.id)).toMatchObject({
      queued: true,
      attempts: 1,
    });
    const due = (await store.deliveries.listUnqueued(at(7), 100)).map((d) => d.id);
    expect(due).toEqual(expect.arrayContaining([failed.id, waiting.id]));
    expect(due).not.toContain(held.id);
    // Delivered at last, a redriven delivery leaves the undelivered list.
    await store.deliveries.recordAttempt(failed, { status: 'delivered', attempts: 10, at: at(8) });
    expect(
      (await eventually(() => store.deliveries.listUndelivered(to, 10), 2)).map((d) => d.id),
    ).toEqual([waiting.id, held.id]);
    expect((await store.deliveries.getDelivery(failed.id))?.nextAttemptAt).toBeUndefined();
  });

  it('redrives a stranded delivery (built queued for a pull-only party) back into the outbox, and not one SQS may hold', async () => {
    const to = partyId('owner');
    const write = await written(
      delivery({ partyId: to, createdAt: '2001-06-01T00:00:00Z', queued: true }),
      delivery({ partyId: to, createdAt: '2001-06-01T00:50:00Z', queued: true }),
    );
    const [stranded, recent] = write.deliveries;
    if (!stranded || !recent) throw new Error('fixture');

    const done = await store.deliveries.redrive([stranded, recent], '2001-06-01T01:00:00Z');

    expect(done.map((d) => d.id)).toEqual([stranded.id]);
    expect(await store.deliveries.getDelivery(stranded.id)).toMatchObject({
      status: 'pending',
      queued: false,
      attempts: 0,
      nextAttemptAt: '2001-06-01T01:00:00Z',
      redrivenAt: '2001-06-01T01:00:00Z',
    });
    expect(await store.deliveries.getDelivery(recent.id)).toMatchObject({ queued: true });
    const due = (await store.deliveries.listUnqueued('2001-06-01T01:00:00Z', 1000)).map(
      (d) => d.id,
    );
    expect(due).toContain(stranded.id);
    expect(due).not.toContain(recent.id);
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
    const stored = write.deliveries[0];
    if (!stored) throw new Error('fixture');
    const id = stored.id;
    const final = { attempts: 3, at: '2026-11-20T05:00:00Z', error: 'HTTP 500' };
    const [first, second] = [delivery(), delivery()];
    if (!first || !second) throw new Error('fixture');

    expect(await store.deliveries.failDelivery(stored, final, [first])).toBe(true);
    expect(await store.deliveries.failDelivery(stored, final, [second])).toBe(false);

    expect(await store.deliveries.getDelivery(id)).toMatchObject({
      status: 'failed',
      lastError: 'HTTP 500',
    });
    expect(await store.deliveries.getDelivery(first.id)).toEqual(first);
    expect(await store.deliveries.getDelivery(second.id)).toBeUndefined();
    await expect(
      store.deliveries.failDelivery(delivery({ id: 'dlv_missing' }), final, []),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('saves a delivery with a derived id once: a second save with that id writes nothing (001 п.17)', async () => {
    const to = partyId('authority');
    const first = delivery({ partyId: to, event: 'report.quarterly', subjectId: '2026-Q4' });
    const again = { ...first, payload: { other: true }, createdAt: '2026-11-21T00:00:00Z' };

    expect(await store.deliveries.saveDeliveryOnce(first)).toBe(true);
    expect(await store.deliveries.saveDeliveryOnce(again)).toBe(false);

    expect(await store.deliveries.getDelivery(first.id)).toEqual(first);
    const inbox = await eventually(
      async () => (await store.deliveries.listDeliveries(to, { limit: 10 })).items,
      1,
    );
    expect(inbox.map((d) => [d.id, d.event])).toEqual([[first.id, 'report.quarterly']]);
    // In the outbox until handed to the queue, like every new delivery.
    const outbox = await store.deliveries.listUnqueued('2026-11-20T05:00:00Z', 1000);
    expect(outbox.map((d) => d.id)).toContain(first.id);
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
    const stored = write.deliveries[0];
    if (!stored) throw new Error('fixture');
    const id = stored.id;
    const escalation = delivery();
    store.setDown(true);
    try {
      await expect(
        store.deliveries.failDelivery(
          stored,
          { attempts: 3, at: '2026-11-20T05:00:00Z', error: 'x' },
          [escalation],
        ),
      ).rejects.toBeInstanceOf(DependencyUnavailableError);
    } finally {
      store.setDown(false);
    }
    expect((await store.deliveries.getDelivery(id))?.status).toBe('pending');
    expect(await store.deliveries.getDelivery(escalation.id)).toBeUndefined();
  });
});
