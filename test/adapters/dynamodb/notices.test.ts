import { beforeAll, describe, expect, it } from 'vitest';
import {
  obligationsAfterAck,
  obligationsAfterResponse,
} from '../../../functions/core/clocks/obligations.js';
import { NotFoundError } from '../../../functions/core/errors.js';
import type { NoticeResponseRecord } from '../../../functions/core/ports/records.js';
import { ClaimTakenError, type GatewayStore } from '../../../functions/core/ports/stores.js';
import { instantOf } from '../../../functions/core/time.js';
import { exampleCard } from '../../core/fixtures.js';
import { type FreshStore, freshStore } from './fresh-store.js';
import { newIncident, newNotice, partyId, uid } from './records.js';

let fresh: FreshStore;
let store: GatewayStore;

beforeAll(async () => {
  fresh = await freshStore();
  store = fresh.store;
});

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
    await store.saveNoticeAck({ ...entry, acknowledgedAt: '2026-11-20T05:05:00Z' }, firstAck);
    await store.saveNoticeAck({ ...entry, acknowledgedAt: '2026-11-20T05:30:00Z' }, secondAck);

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
    await store.saveNoticeResponse({ response: answer, recipient: answered, satisfied });
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
