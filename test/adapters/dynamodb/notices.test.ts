import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoStoreError } from '../../../functions/adapters/dynamodb/index.js';
import {
  type Obligation,
  obligationsAfterAck,
  obligationsAfterResponse,
} from '../../../functions/core/clocks/obligations.js';
import { NotFoundError, OutcomeUnknownError } from '../../../functions/core/errors.js';
import type { NewNoticeWrite } from '../../../functions/core/ports/notices.js';
import type { ObligationChange } from '../../../functions/core/ports/obligations.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import type { NoticeResponseRecord } from '../../../functions/core/ports/records.js';
import { ClaimTakenError } from '../../../functions/core/ports/write-conflicts.js';
import { instantOf } from '../../../functions/core/time.js';
import { exampleCard } from '../../core/fixtures.js';
import { idempotencyClaim, newIncident, newNotice, partyId, uid } from '../../support/records.js';
import { type FreshStore, freshStore, rawPartition } from './fresh-store.js';

let fresh: FreshStore;
let store: AllStores;

beforeAll(async () => {
  fresh = await freshStore();
  store = fresh.store;
});

/** Changes of obligations read as `open`. */
function fromOpen(obligations: Obligation[]): ObligationChange[] {
  return obligations.map((next) => ({ next, expectedState: 'open' }));
}

function response(
  noticeId: string,
  party: string,
  overrides: Partial<NoticeResponseRecord> = {},
): NoticeResponseRecord {
  return {
    id: uid('rsp'),
    noticeId,
    partyId: party,
    receivedAt: '2026-11-20T06:00:00Z',
    sha256: 'f'.repeat(64),
    response: { kind: 'threat_analysis', results: 'Ешқандай белсенділік табылмады.' },
    ...overrides,
  };
}

describe('saveNewNotice / getNotice / getRecipient', () => {
  it('writes the notice, inbox entries, obligations and deliveries', async () => {
    // Arrange
    const write = newNotice({ idempotencyKey: uid('key') });
    const [first] = write.recipients;

    // Act
    await store.saveNewNotice(write);

    // Assert
    expect(await store.getNotice(write.notice.id)).toEqual(write.notice);
    expect(await store.getRecipient(write.notice.id, first?.partyId ?? '')).toEqual(first);
    expect(await store.getRecipient(write.notice.id, partyId())).toBeUndefined();
    expect(await store.obligationsOf(write.notice.id)).toEqual(
      expect.arrayContaining(write.obligations),
    );
    for (const d of write.deliveries) expect(await store.getDelivery(d.id)).toEqual(d);
    expect(await store.getIdempotency('ncc-main', write.idempotency?.key ?? '')).toEqual(
      write.idempotency,
    );
  });

  it('refuses a reused Idempotency-Key before writing anything (single transaction)', async () => {
    const first = newNotice({ idempotencyKey: uid('key') });
    await store.saveNewNotice(first);
    const replay = newNotice({ idempotencyKey: first.idempotency?.key ?? '' });

    await expect(store.saveNewNotice(replay)).rejects.toBeInstanceOf(ClaimTakenError);
    expect(await store.getNotice(replay.notice.id)).toBeUndefined();
  });

  it('spans several transactions for a large fan-out, notice first', async () => {
    // Arrange: 60 recipients × (entry + 2 clocks + delivery) = 241 items, ~40 KB payload each.
    const write = newNotice({
      recipients: Array.from({ length: 60 }, () => partyId()),
      descriptionBytes: 40_000,
      idempotencyKey: uid('key'),
    });

    // Act
    await store.saveNewNotice(write);

    // Assert
    expect(await store.getNotice(write.notice.id)).toEqual(write.notice);
    expect(await store.obligationsOf(write.notice.id)).toHaveLength(120);
    const last = write.deliveries[write.deliveries.length - 1];
    expect(await store.getDelivery(last?.id ?? '')).toEqual(last);
    expect(await store.getIdempotency('ncc-main', write.idempotency?.key ?? '')).toBeDefined();
  });
});

describe('listInbox', () => {
  it("lists a party's notices newest first, each with its notice, page by page", async () => {
    // Arrange
    const me = partyId();
    const writes = ['07:00:00', '07:00:01', '07:00:02'].map((t) =>
      newNotice({ recipients: [me, partyId()], issuedAt: `2026-11-20T${t}Z` }),
    );
    for (const w of writes) await store.saveNewNotice(w);

    // Act
    const first = await store.listInbox(me, { limit: 2 });
    const second = await store.listInbox(me, {
      limit: 2,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });

    // Assert
    const listed = [...first.items, ...second.items];
    expect(listed.map((e) => e.noticeId)).toEqual(writes.map((w) => w.notice.id).reverse());
    expect(listed[0]).toEqual({ ...writes[2]?.recipients[0], notice: writes[2]?.notice });
    expect(second.nextCursor).toBeUndefined();
  });
});

describe('saveNoticeAck', () => {
  it('records the ack and satisfies notice_ack once; a second ack is a no-op', async () => {
    // Arrange
    const write = newNotice();
    await store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const own = write.obligations.filter((o) => o.owedBy === entry.partyId);
    const firstAck = obligationsAfterAck(
      own,
      'notice_ack',
      instantOf('2026-11-20T05:05:00Z'),
      'ack-1',
    );
    const secondAck = obligationsAfterAck(
      own,
      'notice_ack',
      instantOf('2026-11-20T05:30:00Z'),
      'ack-2',
    );

    // Act
    await store.saveNoticeAck(
      { ...entry, acknowledgedAt: '2026-11-20T05:05:00Z' },
      fromOpen(firstAck),
    );
    await store.saveNoticeAck(
      { ...entry, acknowledgedAt: '2026-11-20T05:30:00Z' },
      fromOpen(secondAck),
    );

    // Assert
    expect(await store.getRecipient(entry.noticeId, entry.partyId)).toEqual({
      ...entry,
      acknowledgedAt: '2026-11-20T05:05:00Z',
    });
    const ack = (await store.obligationsOf(write.notice.id)).find((o) => o.id === firstAck[0]?.id);
    expect(ack).toMatchObject({ state: 'satisfied', satisfiedBy: 'ack-1' });
  });

  it('throws NotFoundError for a party that is not a recipient', async () => {
    const write = newNotice();
    await store.saveNewNotice(write);
    const ack = store.saveNoticeAck(
      {
        noticeId: write.notice.id,
        partyId: partyId(),
        issuedAt: write.notice.issuedAt,
        acknowledgedAt: '2026-11-20T05:05:00Z',
      },
      [],
    );
    await expect(ack).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('saveNoticeResponse', () => {
  it('stores the response, marks the entry answered and satisfies both clocks', async () => {
    // Arrange
    const write = newNotice();
    await store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const satisfied = obligationsAfterResponse(
      write.obligations.filter((o) => o.owedBy === entry.partyId),
      instantOf('2026-11-20T06:00:00Z'),
      'rsp',
    );
    const answer = response(write.notice.id, entry.partyId);
    const answered = {
      ...entry,
      respondedAt: '2026-11-20T06:00:00Z',
      acknowledgedAt: '2026-11-20T06:00:00Z',
    };

    // Act
    await store.saveNoticeResponse({
      response: answer,
      recipient: answered,
      satisfied: fromOpen(satisfied),
    });
    // A retried write of the same response changes nothing.
    await store.saveNoticeResponse({
      response: answer,
      recipient: { ...answered, respondedAt: '2026-11-20T07:00:00Z' },
      satisfied: [],
    });

    // Assert
    expect(await store.getRecipient(entry.noticeId, entry.partyId)).toEqual(answered);
    const own = (await store.obligationsOf(write.notice.id)).filter(
      (o) => o.owedBy === entry.partyId,
    );
    expect(satisfied).toHaveLength(2);
    expect(own).toEqual(expect.arrayContaining(satisfied));
  });

  it('keeps the first ack time when a response follows an ack', async () => {
    const write = newNotice();
    await store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    await store.saveNoticeAck({ ...entry, acknowledgedAt: '2026-11-20T05:05:00Z' }, []);

    await store.saveNoticeResponse({
      response: response(write.notice.id, entry.partyId),
      recipient: {
        ...entry,
        acknowledgedAt: '2026-11-20T06:00:00Z',
        respondedAt: '2026-11-20T06:00:00Z',
      },
      satisfied: [],
    });

    expect(await store.getRecipient(entry.noticeId, entry.partyId)).toMatchObject({
      acknowledgedAt: '2026-11-20T05:05:00Z',
      respondedAt: '2026-11-20T06:00:00Z',
    });
  });

  it('opens the incident of an incident_card response in the same write, with its claims', async () => {
    // Arrange
    const write = newNotice();
    await store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const incident = newIncident({ socId: entry.partyId });
    const answer = response(write.notice.id, entry.partyId, {
      response: { kind: 'incident_card', card: exampleCard() },
      incidentId: incident.incident.id,
    });

    // Act
    await store.saveNoticeResponse({
      response: answer,
      recipient: { ...entry, respondedAt: '2026-11-20T06:00:00Z' },
      satisfied: [],
      incident,
    });
    const again = newIncident({
      socId: entry.partyId,
      socReference: incident.incident.socReference,
    });
    const duplicate = store.saveNoticeResponse({
      response: response(write.notice.id, entry.partyId),
      recipient: entry,
      satisfied: [],
      incident: again,
    });

    // Assert (the rejection is observed first, so it is never momentarily unhandled)
    await expect(duplicate).rejects.toMatchObject({
      claim: 'socReference',
      existing: { subjectId: incident.incident.id },
    });
    expect((await store.getIncident(incident.incident.id))?.incident).toEqual(incident.incident);
  });

  it('throws NotFoundError for a response to a notice the party did not receive', async () => {
    const write = newNotice();
    await store.saveNewNotice(write);
    const stranger = partyId();
    const answer = store.saveNoticeResponse({
      response: response(write.notice.id, stranger),
      recipient: {
        noticeId: write.notice.id,
        partyId: stranger,
        issuedAt: write.notice.issuedAt,
        respondedAt: '2026-11-20T06:00:00Z',
      },
      satisfied: [],
    });
    await expect(answer).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('saveNoticeResponse with an Idempotency-Key', () => {
  it('writes the claim with the response; the same key again is ClaimTakenError and writes nothing', async () => {
    // Arrange
    const write = newNotice();
    await store.saveNewNotice(write);
    const entry = write.recipients[0];
    if (!entry) throw new Error('fixture');
    const key = uid('key');
    const first = response(write.notice.id, entry.partyId);
    const claim = idempotencyClaim(entry.partyId, key, 'e'.repeat(64), {
      id: first.id,
      receivedAt: first.receivedAt,
      version: 1,
      sha256: first.sha256,
      warnings: [],
      obligations: [],
    });
    const answered = { ...entry, respondedAt: '2026-11-20T06:00:00Z' };
    await store.saveNoticeResponse({
      response: first,
      recipient: answered,
      satisfied: [],
      idempotency: claim,
    });
    const second = response(write.notice.id, entry.partyId);

    // Act
    const replay = store.saveNoticeResponse({
      response: second,
      recipient: answered,
      satisfied: [],
      idempotency: { ...claim, receipt: { ...claim.receipt, id: second.id } },
    });

    // Assert
    await expect(replay).rejects.toMatchObject({
      claim: 'idempotencyKey',
      existing: { requestSha256: 'e'.repeat(64), subjectId: first.id },
    });
    expect(await store.getIdempotency(entry.partyId, key)).toEqual(claim);
    const responses = (await rawPartition(fresh, `SUBJECT#${write.notice.id}`)).filter((item) =>
      item.sk?.S?.startsWith('RESPONSE#'),
    );
    expect(responses.map((item) => item.sk?.S)).toEqual([`RESPONSE#${first.id}`]);
  });
});

describe('saveNewNotice across several transactions', () => {
  /** 30 recipients: claim, head, 30 entries, 30 deliveries, 60 clocks = 122 items, two transactions. */
  const wide = (key = uid('key')) =>
    newNotice({ recipients: Array.from({ length: 30 }, () => partyId()), idempotencyKey: key });

  /** Asserts that nothing of `write` is stored, but the items listed in `planted`. */
  async function expectNothingOf(
    target: FreshStore,
    write: NewNoticeWrite,
    planted: string[] = [],
  ) {
    const partition = await rawPartition(target, `SUBJECT#${write.notice.id}`);
    expect(partition.map((item) => item.sk?.S)).toEqual(planted);
    for (const entry of write.recipients) {
      expect((await target.store.listInbox(entry.partyId, { limit: 10 })).items).toEqual([]);
    }
    for (const d of write.deliveries) expect(await target.store.getDelivery(d.id)).toBeUndefined();
    expect(await target.store.listUnqueued('2030-01-01T00:00:00Z', 100)).toEqual([]);
    expect(await target.store.getIdempotency('ncc-main', write.idempotency?.key ?? '')).toBe(
      undefined,
    );
  }

  it('of two concurrent writes with one key, one is ClaimTakenError and writes nothing', async () => {
    // Arrange: two notices to the same 30 recipients under one Idempotency-Key.
    const own = await freshStore();
    const recipients = Array.from({ length: 30 }, () => partyId());
    const key = uid('key');
    const writes = [0, 1].map(() => newNotice({ recipients, idempotencyKey: key }));

    // Act
    const settled = await Promise.allSettled(writes.map((w) => own.store.saveNewNotice(w)));

    // Assert: exactly one notice in every inbox, and nothing of the loser anywhere.
    const lost = settled.findIndex((s) => s.status === 'rejected');
    const loser = writes[lost];
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    expect(settled[lost]).toMatchObject({ reason: expect.any(ClaimTakenError) });
    for (const id of recipients) {
      const inbox = await own.store.listInbox(id, { limit: 10 });
      expect(inbox.items.map((e) => e.noticeId)).toEqual([writes[1 - lost]?.notice.id]);
    }
    expect(await rawPartition(own, `SUBJECT#${loser?.notice.id}`)).toEqual([]);
    for (const d of loser?.deliveries ?? [])
      expect(await own.store.getDelivery(d.id)).toBe(undefined);
  });

  it('removes what the first transaction wrote when the second fails on a condition', async () => {
    // Arrange: an item already holding the key of the last clock, in the second transaction.
    const own = await freshStore();
    const write = wide();
    const last = write.obligations[write.obligations.length - 1];
    if (!last) throw new Error('fixture');
    const plantedSk = `OBLIGATION#${last.id}`;
    await own.client.send(
      new PutItemCommand({
        TableName: own.tableName,
        Item: { pk: { S: `SUBJECT#${write.notice.id}` }, sk: { S: plantedSk } },
      }),
    );

    // Act
    const attempt = own.store.saveNewNotice(write);

    // Assert: no notice, inbox entry, delivery, clock or claim remains (but the planted item).
    await expect(attempt).rejects.toBeInstanceOf(DynamoStoreError);
    await expectNothingOf(own, write, [plantedSk]);
    // The claim is released: the sender's retry (a new notice id) goes through.
    const retry = wide(write.idempotency?.key);
    await own.store.saveNewNotice(retry);
    expect(await own.store.getNotice(retry.notice.id)).toEqual(retry.notice);
    expect(await own.store.obligationsOf(retry.notice.id)).toHaveLength(60);
  });

  it('removes what the first transaction wrote when DynamoDB fails the second: a 503', async () => {
    // Arrange: the second TransactWriteItems of the write is refused as by an outage.
    const own = await freshStore();
    const write = wide();
    let transactions = 0;
    own.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && ++transactions === 2) {
          throw Object.assign(new Error('Service unavailable'), {
            name: 'ServiceUnavailable',
            $metadata: { httpStatusCode: 503 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failSecondTransaction' },
    );

    // Act
    const attempt = own.store.saveNewNotice(write);

    // Assert: a 5xx on a write may follow its application, so the caller hears
    // outcome_unknown (a retry is safe), while the undo still leaves nothing behind.
    await expect(attempt).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(transactions).toBeGreaterThan(2);
    await expectNothingOf(own, write);
  });
});
