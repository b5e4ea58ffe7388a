/** NoticeStore contract on both stores: the fan-out, inbox paging, set-once acks, responses. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError, NotFoundError } from '../../../functions/core/errors.js';
import type { NoticeResponseRecord } from '../../../functions/core/ports/records.js';
import { ClaimTakenError, StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { newNotice, partyId, uid } from '../../support/records.js';
import { type ContractStore, STORES } from './stores.js';

function responseTo(noticeId: string, partyIdOf: string): NoticeResponseRecord {
  return {
    id: uid('rsp'),
    noticeId,
    partyId: partyIdOf,
    receivedAt: '2026-11-20T06:00:00Z',
    sha256: 'f'.repeat(64),
    response: { kind: 'acknowledgement' } as never,
  };
}

describe.each(STORES)('NoticeStore on $name', (kind) => {
  let store: ContractStore;
  beforeAll(async () => {
    store = await kind.create();
  });

  it('writes a notice with its inbox entries, clocks and deliveries; the inbox lists it, newest first', async () => {
    const recipient = partyId();
    const older = newNotice({ recipients: [recipient], issuedAt: '2026-11-20T05:00:00Z' });
    const newer = newNotice({ recipients: [recipient], issuedAt: '2026-11-20T07:00:00Z' });

    await store.notices.saveNewNotice(older);
    await store.notices.saveNewNotice(newer);

    expect(await store.notices.getNotice(older.notice.id)).toEqual(older.notice);
    expect(await store.notices.getRecipient(older.notice.id, recipient)).toEqual(
      older.recipients[0],
    );
    expect((await store.obligations.obligationsOf(older.notice.id)).map((o) => o.id)).toEqual(
      older.allObligations.map((o) => o.id).sort(),
    );
    const first = await store.notices.listInbox(recipient, { limit: 1 });
    const second = await store.notices.listInbox(recipient, {
      limit: 1,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(first.items.map((e) => [e.noticeId, e.notice.id])).toEqual([
      [newer.notice.id, newer.notice.id],
    ]);
    expect(second.items.map((e) => e.noticeId)).toEqual([older.notice.id]);
    // A full last page may still carry a cursor (DynamoDB cannot tell it is the last);
    // following it then yields an empty page that ends the listing.
    if (second.nextCursor !== undefined) {
      const third = await store.notices.listInbox(recipient, {
        limit: 1,
        cursor: second.nextCursor,
      });
      expect(third).toEqual({ items: [] });
    }
  });

  it('a replayed Idempotency-Key fails the second notice before it writes anything', async () => {
    const key = `key-${uid('k')}`;
    const first = newNotice({ idempotencyKey: key });
    const second = newNotice({ idempotencyKey: key });
    await store.notices.saveNewNotice(first);

    await expect(store.notices.saveNewNotice(second)).rejects.toBeInstanceOf(ClaimTakenError);

    expect(await store.notices.getNotice(second.notice.id)).toBeUndefined();
    for (const d of second.allDeliveries)
      expect(await store.deliveries.getDelivery(d.id)).toBeUndefined();
    expect(await store.obligations.obligationsOf(second.notice.id)).toEqual([]);
  });

  it('an inbox ack is set once; an ack of no inbox entry is NotFound', async () => {
    const recipient = partyId();
    const write = newNotice({ recipients: [recipient] });
    await store.notices.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');

    await store.notices.saveNoticeAck({ ...entry, acknowledgedAt: '2026-11-20T05:01:00Z' }, []);
    await store.notices.saveNoticeAck({ ...entry, acknowledgedAt: '2026-11-20T05:09:00Z' }, []);

    expect((await store.notices.getRecipient(write.notice.id, recipient))?.acknowledgedAt).toBe(
      '2026-11-20T05:01:00Z',
    );
    await expect(
      store.notices.saveNoticeAck(
        { ...entry, partyId: partyId(), acknowledgedAt: '2026-11-20T05:01:00Z' },
        [],
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a response is stored once (a retried write is a no-op) and marks the entry answered', async () => {
    const recipient = partyId();
    const write = newNotice({ recipients: [recipient] });
    await store.notices.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const response = responseTo(write.notice.id, recipient);
    const answered = {
      ...entry,
      respondedAt: '2026-11-20T06:00:00Z',
      acknowledgedAt: '2026-11-20T06:00:00Z',
    };

    await store.notices.saveNoticeResponse({ response, recipient: answered, satisfied: [] });
    await store.notices.saveNoticeResponse({
      response,
      recipient: { ...answered, respondedAt: '2026-11-20T07:00:00Z' },
      satisfied: [],
    });

    expect(await store.notices.getRecipient(write.notice.id, recipient)).toMatchObject({
      respondedAt: '2026-11-20T06:00:00Z',
      acknowledgedAt: '2026-11-20T06:00:00Z',
    });
    await expect(
      store.notices.saveNoticeResponse({
        response: responseTo(write.notice.id, 'nobody'),
        recipient: { ...answered, partyId: 'nobody' },
        satisfied: [],
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers 503 when the store is down and writes nothing of the notice', async () => {
    const write = newNotice();
    store.setDown(true);
    try {
      await expect(store.notices.saveNewNotice(write)).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
    } finally {
      store.setDown(false);
    }
    expect(await store.notices.getNotice(write.notice.id)).toBeUndefined();
  });
  it('tracks a notice for its issuer: issued notices newest first, then inbox entries, responses, clocks and deliveries', async () => {
    const issuer = partyId();
    const [a, b] = [partyId(), partyId()];
    const issued = (at: string) => {
      const write = newNotice({ recipients: [a, b], issuedAt: at });
      return { ...write, notice: { ...write.notice, issuedBy: issuer } };
    };
    const older = issued('2026-11-20T05:00:00Z');
    const newer = issued('2026-11-20T07:00:00Z');
    await store.notices.saveNewNotice(older);
    await store.notices.saveNewNotice(newer);

    const first = await store.notices.listIssuedNotices(issuer, { limit: 1 });
    expect(first.items.map((n) => n.id)).toEqual([newer.notice.id]);
    const rest = await store.notices.listIssuedNotices(issuer, {
      limit: 10,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(rest.items.map((n) => n.id)).toEqual([older.notice.id]);
    expect((await store.notices.listIssuedNotices(partyId(), { limit: 10 })).items).toEqual([]);

    const answer = responseTo(older.notice.id, a);
    await store.notices.saveNoticeResponse({
      response: answer,
      recipient: {
        noticeId: older.notice.id,
        partyId: a,
        issuedAt: older.notice.issuedAt,
        respondedAt: answer.receivedAt,
      },
      satisfied: [],
    });
    const tracking = await store.notices.trackNotice(older.notice.id);
    expect(tracking.recipients.map((r) => r.partyId).sort()).toEqual([a, b].sort());
    expect(tracking.recipients.find((r) => r.partyId === a)?.respondedAt).toBe(answer.receivedAt);
    expect(tracking.responses.map((r) => r.id)).toEqual([answer.id]);
    expect(tracking.obligations.map((o) => o.id).sort()).toEqual(
      older.allObligations.map((o) => o.id).sort(),
    );

    const ids = older.allDeliveries.map((d) => d.id);
    const found = await store.notices.getDeliveries([...ids, ...ids, uid('dlv')]);
    expect(found.map((d) => d.id).sort()).toEqual([...ids].sort());
  });

  it('a notice wider than a batch: accepted with its first batch, then each batch once, under the progress guard', async () => {
    const write = newNotice({ recipients: Array.from({ length: 45 }, () => partyId()) });
    const batch = (from: number, to: number) => ({
      noticeId: write.notice.id,
      from,
      total: 45,
      shares: write.allShares.slice(from, to),
      at: '2026-11-20T05:00:30Z',
    });

    expect(await store.notices.saveNewNotice(write)).toEqual({ expanded: 20 });
    expect(await store.notices.getFanout(write.notice.id)).toEqual({
      ...write.fanout,
      expanded: 20,
    });
    expect(await store.notices.listUnfinishedFanouts('2026-11-20T05:00:00Z', 100)).toContain(
      write.notice.id,
    );
    expect((await store.notices.trackNotice(write.notice.id)).recipients).toHaveLength(20);

    expect(await store.notices.saveFanoutBatch(batch(20, 40))).toEqual({ expanded: 40 });
    // The same batch again (a second expander, a retry after an unknown outcome) is stale and writes nothing.
    await expect(store.notices.saveFanoutBatch(batch(20, 40))).rejects.toBeInstanceOf(
      StaleWriteError,
    );
    expect(await store.notices.listUnfinishedFanouts('2026-11-20T05:00:29Z', 100)).not.toContain(
      write.notice.id,
    );
    expect(await store.notices.saveFanoutBatch(batch(40, 45))).toEqual({ expanded: 45 });

    const tracking = await store.notices.trackNotice(write.notice.id);
    expect(tracking.recipients.map((r) => r.partyId).sort()).toEqual(
      write.recipients.map((r) => r.partyId).sort(),
    );
    expect(tracking.obligations).toHaveLength(90);
    expect(tracking.fanout).toMatchObject({ expanded: 45, completedAt: '2026-11-20T05:00:30Z' });
    const ids = write.allDeliveries.map((d) => d.id);
    expect(await store.notices.getDeliveries(ids)).toHaveLength(45);
    expect(await store.notices.listUnfinishedFanouts('2030-01-01T00:00:00Z', 100)).not.toContain(
      write.notice.id,
    );
    // A batch of a notice with no fan-out record is stale too: nothing stands at `from`.
    await expect(
      store.notices.saveFanoutBatch({ ...batch(0, 1), noticeId: newNotice().notice.id }),
    ).rejects.toBeInstanceOf(StaleWriteError);
  });
});
