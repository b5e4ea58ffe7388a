import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoStoreError } from '../../../functions/adapters/dynamodb/index.js';
import {
  type Obligation,
  obligationsAfterAck,
  obligationsAfterResponse,
} from '../../../functions/core/clocks/obligations.js';
import { NotFoundError, OutcomeUnknownError } from '../../../functions/core/errors.js';
import type { ObligationChange } from '../../../functions/core/ports/obligations.js';
import type { AllStores } from '../../../functions/core/ports/ports.js';
import type { NoticeResponseRecord } from '../../../functions/core/ports/records.js';
import { ClaimTakenError, StaleWriteError } from '../../../functions/core/ports/write-conflicts.js';
import { instantOf } from '../../../functions/core/time.js';
import { exampleCard } from '../../core/fixtures.js';
import {
  expandAll,
  idempotencyClaim,
  newIncident,
  newNotice,
  partyId,
  uid,
} from '../../support/records.js';
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
      expect.arrayContaining(write.allObligations),
    );
    for (const d of write.allDeliveries) expect(await store.getDelivery(d.id)).toEqual(d);
    expect(await store.getFanout(write.notice.id)).toEqual({
      ...write.fanout,
      expanded: 2,
      completedAt: write.fanout.updatedAt,
    });
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

  it('packs as many whole recipients as fit 3.5 MB into each transaction of a large notice', async () => {
    // Arrange: 30 recipients of a ~200 KB notice: each delivery carries it, so ~20 never fit one transaction.
    const write = newNotice({
      recipients: Array.from({ length: 30 }, () => partyId()),
      descriptionBytes: 200_000,
      idempotencyKey: uid('key'),
    });

    // Act
    const { expanded } = await store.saveNewNotice(write);
    await expandAll(store, write);

    // Assert: the first transaction held fewer than a batch; the rest followed, each recipient once.
    expect(expanded).toBeGreaterThan(0);
    expect(expanded).toBeLessThan(20);
    expect(await store.getNotice(write.notice.id)).toEqual(write.notice);
    expect(await store.obligationsOf(write.notice.id)).toHaveLength(60);
    for (const d of write.allDeliveries) expect(await store.getDelivery(d.id)).toEqual(d);
    expect(await store.getFanout(write.notice.id)).toMatchObject({ expanded: 30 });
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
    const own = write.allObligations.filter((o) => o.owedBy === entry.partyId);
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
      write.allObligations.filter((o) => o.owedBy === entry.partyId),
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

describe('a notice wider than one batch', () => {
  /** 45 recipients: the first 20 with the notice, then batches of 20 and 5. */
  const wide = (key = uid('key')) =>
    newNotice({ recipients: Array.from({ length: 45 }, () => partyId()), idempotencyKey: key });

  it('of two concurrent writes with one key, one is ClaimTakenError and writes nothing', async () => {
    // Arrange: two notices to the same 45 recipients under one Idempotency-Key.
    const own = await freshStore();
    const recipients = Array.from({ length: 45 }, () => partyId());
    const key = uid('key');
    const writes = [0, 1].map(() => newNotice({ recipients, idempotencyKey: key }));

    // Act
    const settled = await Promise.allSettled(writes.map((w) => own.store.saveNewNotice(w)));
    const lost = settled.findIndex((s) => s.status === 'rejected');
    const winner = writes[1 - lost];
    if (winner === undefined) throw new Error('no winner');
    await expandAll(own.store, winner);

    // Assert: exactly one notice in every inbox, and nothing of the loser anywhere.
    const loser = writes[lost];
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    expect(settled[lost]).toMatchObject({ reason: expect.any(ClaimTakenError) });
    for (const id of recipients) {
      const inbox = await own.store.listInbox(id, { limit: 10 });
      expect(inbox.items.map((e) => e.noticeId)).toEqual([winner.notice.id]);
    }
    expect(await rawPartition(own, `SUBJECT#${loser?.notice.id}`)).toEqual([]);
    for (const d of loser?.allDeliveries ?? [])
      expect(await own.store.getDelivery(d.id)).toBe(undefined);
  });

  it('is listed for the sweep by its last progress until the batch that completes it', async () => {
    // Arrange
    const own = await freshStore();
    const write = wide();
    await own.store.saveNewNotice(write);
    const item = () => rawPartition(own, `SUBJECT#${write.notice.id}`);
    const fanoutItem = async () => (await item()).find((i) => i.sk?.S === 'FANOUT');

    // Act + Assert: after the notice, listed at its issue time.
    expect((await fanoutItem())?.outboxPk?.S).toBe('FANOUT');
    expect(await own.store.listUnfinishedFanouts('2026-11-20T04:59:59Z', 10)).toEqual([]);
    expect(await own.store.listUnfinishedFanouts('2026-11-20T05:00:00Z', 10)).toEqual([
      write.notice.id,
    ]);
    // A batch moves its last progress on.
    await own.store.saveFanoutBatch({
      noticeId: write.notice.id,
      from: 20,
      total: 45,
      shares: write.allShares.slice(20, 40),
      at: '2026-11-20T05:00:30Z',
    });
    expect(await own.store.listUnfinishedFanouts('2026-11-20T05:00:29Z', 10)).toEqual([]);
    expect((await own.store.getFanout(write.notice.id))?.expanded).toBe(40);
    // The last batch completes it and takes it off the list.
    await own.store.saveFanoutBatch({
      noticeId: write.notice.id,
      from: 40,
      total: 45,
      shares: write.allShares.slice(40),
      at: '2026-11-20T05:01:00Z',
    });
    const done = await fanoutItem();
    expect(done?.outboxPk).toBeUndefined();
    expect(done?.outboxAt).toBeUndefined();
    expect(await own.store.getFanout(write.notice.id)).toMatchObject({
      expanded: 45,
      completedAt: '2026-11-20T05:01:00Z',
    });
    expect(await own.store.listUnfinishedFanouts('2030-01-01T00:00:00Z', 10)).toEqual([]);
  });

  it('a batch whose 5xx may have committed is retried safely: stale if it did, written once either way', async () => {
    // Arrange: the first batch's TransactWriteItems is applied, then answered with a 503.
    const own = await freshStore();
    const write = wide();
    await own.store.saveNewNotice(write);
    let failed = false;
    own.client.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (context.commandName === 'TransactWriteItemsCommand' && !failed) {
          failed = true;
          throw Object.assign(new Error('Service unavailable'), {
            name: 'ServiceUnavailable',
            $metadata: { httpStatusCode: 503 },
          });
        }
        return output;
      },
      { step: 'initialize', name: 'failAfterFirstBatch' },
    );
    const batch = {
      noticeId: write.notice.id,
      from: 20,
      total: 45,
      shares: write.allShares.slice(20, 40),
      at: '2026-11-20T05:00:30Z',
    };

    // Act
    const first = own.store.saveFanoutBatch(batch);
    await expect(first).rejects.toBeInstanceOf(OutcomeUnknownError);
    const again = own.store.saveFanoutBatch(batch);

    // Assert: the retry finds the fan-out moved on (it had committed) and writes nothing twice.
    await expect(again).rejects.toBeInstanceOf(StaleWriteError);
    await expandAll(own.store, write);
    const partition = await rawPartition(own, `SUBJECT#${write.notice.id}`);
    const count = (prefix: string) => partition.filter((i) => i.sk?.S?.startsWith(prefix)).length;
    expect([count('RECIPIENT#'), count('OBLIGATION#')]).toEqual([45, 90]);
    for (const d of write.allDeliveries) expect(await own.store.getDelivery(d.id)).toEqual(d);
  });

  it('refuses a batch whose share is already written without moving the fan-out (a fault, not a replay)', async () => {
    // Arrange: an item already holding the key of a clock of the second batch.
    const own = await freshStore();
    const write = wide();
    await own.store.saveNewNotice(write);
    const clock = write.allShares[25]?.obligations[0];
    if (!clock) throw new Error('fixture');
    await own.client.send(
      new PutItemCommand({
        TableName: own.tableName,
        Item: { pk: { S: `SUBJECT#${write.notice.id}` }, sk: { S: `OBLIGATION#${clock.id}` } },
      }),
    );

    // Act
    const attempt = own.store.saveFanoutBatch({
      noticeId: write.notice.id,
      from: 20,
      total: 45,
      shares: write.allShares.slice(20, 40),
      at: '2026-11-20T05:00:30Z',
    });

    // Assert: nothing of the batch is written and the fan-out still stands at 20.
    await expect(attempt).rejects.toBeInstanceOf(DynamoStoreError);
    expect((await own.store.getFanout(write.notice.id))?.expanded).toBe(20);
    expect(
      await own.store.getRecipient(write.notice.id, write.allShares[20]?.recipient.partyId ?? ''),
    ).toBeUndefined();
  });
});
