/** Notices in memory: the notice accepted with its fan-out record, batches of recipients, acks and responses. */
import type { Obligation } from '../../core/clocks/obligations.js';
import type {
  FanoutBatchWrite,
  FanoutShare,
  NewNoticeWrite,
  NoticeResponseWrite,
  NoticeStore,
} from '../../core/ports/notices.js';
import type {
  DeliveryRecord,
  NoticeFanoutRecord,
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
} from '../../core/ports/records.js';
import { ITEM } from '../transactions.js';
import { auditAppendItems } from './audit-trail.js';
import { newIncidentItems } from './incidents.js';
import {
  obligationWrites,
  putDelivery,
  putIdempotencyClaim,
  putNew,
  putObligationChange,
  writeItems,
} from './items.js';
import { type MemoryDb, MemoryStoreError, type MemoryTxItem } from './memory-db.js';
import { pageOf, sortable } from './paging.js';

const recipientKey = (noticeId: string, partyId: string) => `${noticeId}#${partyId}`;

/** One recipient's records: inbox entry, clocks and delivery, each new. */
function shareItems(share: FanoutShare): MemoryTxItem[] {
  const { recipient } = share;
  return [
    putNew(
      ITEM.recipient(recipient),
      'recipients',
      recipientKey(recipient.noticeId, recipient.partyId),
      recipient,
    ),
    // New records: a failed condition would be an id clash (a fault), never a stale read.
    ...share.obligations.map(
      (next: Obligation): MemoryTxItem => ({
        ...putObligationChange({ next }),
        role: { kind: 'write' },
      }),
    ),
    putDelivery(share.delivery),
  ];
}

/** The notice accepted whole: claim, head, fan-out, the issuer's clocks and every given share. */
async function saveNewNotice(db: MemoryDb, write: NewNoticeWrite): Promise<{ expanded: number }> {
  const total = write.fanout.recipients.length;
  const expanded = write.shares.length;
  const fanout: NoticeFanoutRecord = {
    ...write.fanout,
    expanded,
    ...(expanded >= total ? { completedAt: write.fanout.updatedAt } : {}),
  };
  await writeItems(db, `saveNewNotice ${write.notice.id}`, () => [
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
    putNew(ITEM.notice, 'notices', write.notice.id, write.notice),
    putNew(ITEM.fanout, 'fanouts', write.notice.id, fanout),
    ...write.deliveries.map(putDelivery),
    ...write.obligations.map(
      (next: Obligation): MemoryTxItem => ({
        ...putObligationChange({ next }),
        role: { kind: 'write' },
      }),
    ),
    ...write.shares.flatMap(shareItems),
    ...auditAppendItems(db, write.audit ?? []).items,
  ]);
  return { expanded };
}

/** A batch of shares with the fan-out advanced, only while it stands at `from`. */
async function saveFanoutBatch(
  db: MemoryDb,
  batch: FanoutBatchWrite,
): Promise<{ expanded: number }> {
  if (batch.shares.length === 0) {
    throw new MemoryStoreError(`saveFanoutBatch ${batch.noticeId}: an empty batch`);
  }
  const to = batch.from + batch.shares.length;
  await writeItems(db, `Fan-out of notice ${batch.noticeId}`, () => [
    {
      name: ITEM.fanout,
      role: { kind: 'guard' },
      table: 'fanouts',
      key: batch.noticeId,
      condition: (current) => (current as NoticeFanoutRecord | undefined)?.expanded === batch.from,
      write: (current) => ({
        ...(current as NoticeFanoutRecord),
        expanded: to,
        updatedAt: batch.at,
        ...(to >= batch.total ? { completedAt: batch.at } : {}),
      }),
    },
    ...batch.shares.flatMap(shareItems),
  ]);
  return { expanded: to };
}

/** Sets the answered (and acknowledged) times on an inbox entry, each only if not set yet. */
function markResponded(recipient: NoticeRecipientRecord): MemoryTxItem {
  return {
    name: ITEM.recipient(recipient),
    role: { kind: 'existing', what: `Notice ${recipient.noticeId} for ${recipient.partyId}` },
    table: 'recipients',
    key: recipientKey(recipient.noticeId, recipient.partyId),
    condition: (current) => current !== undefined,
    write: (current) => {
      const stored = current as NoticeRecipientRecord;
      return {
        ...stored,
        ...(stored.respondedAt === undefined && recipient.respondedAt !== undefined
          ? { respondedAt: recipient.respondedAt }
          : {}),
        ...(stored.acknowledgedAt === undefined && recipient.acknowledgedAt !== undefined
          ? { acknowledgedAt: recipient.acknowledgedAt }
          : {}),
      };
    },
  };
}

async function saveNoticeResponse(db: MemoryDb, write: NoticeResponseWrite): Promise<void> {
  if (write.idempotency !== undefined && write.incident?.idempotency !== undefined) {
    throw new MemoryStoreError('saveNoticeResponse: the idempotency claim is given twice');
  }
  const { response, recipient } = write;
  // A response already stored (`once`) makes a retried write a no-op; a taken claim is
  // checked before the obligations, since a concurrent replay also satisfied the ones read.
  await writeItems(db, `Obligations of notice ${recipient.noticeId}`, () => [
    {
      ...putNew(ITEM.response, 'responses', `${response.noticeId}#${response.id}`, response),
      role: { kind: 'once', what: `Response ${response.id}` },
    },
    markResponded(recipient),
    ...obligationWrites(write.satisfied),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
    ...(write.deliveries ?? []).map(putDelivery),
    ...(write.incident === undefined ? [] : newIncidentItems(db, write.incident)),
    ...auditAppendItems(db, write.audit ?? []).items,
  ]);
}

export function createMemoryNoticeStore(db: MemoryDb): NoticeStore {
  return {
    saveNewNotice: (write) => db.runAsync(() => saveNewNotice(db, write)),
    saveFanoutBatch: (batch) => db.runAsync(() => saveFanoutBatch(db, batch)),
    getFanout: (noticeId) => db.run(() => db.get<NoticeFanoutRecord>('fanouts', noticeId)),
    listUnfinishedFanouts: (idleSince, limit) =>
      db.run(() =>
        db
          .values<NoticeFanoutRecord>('fanouts')
          .filter(
            (f) => f.completedAt === undefined && sortable(f.updatedAt) <= sortable(idleSince),
          )
          .sort((a, b) => sortable(a.updatedAt).localeCompare(sortable(b.updatedAt)))
          .slice(0, limit)
          .map((f) => f.noticeId),
      ),
    getNotice: (id) => db.run(() => db.get<NoticeRecord>('notices', id)),
    getRecipient: (noticeId, partyId) =>
      db.run(() => db.get<NoticeRecipientRecord>('recipients', recipientKey(noticeId, partyId))),
    listInbox: (partyId, page) =>
      db.run(() => {
        const result = pageOf(
          db.values<NoticeRecipientRecord>('recipients').filter((r) => r.partyId === partyId),
          (r) => `${sortable(r.issuedAt)}#${r.noticeId}`,
          { listing: `inbox:${partyId}`, descending: true },
          page,
        );
        const items = result.items.map((entry) => {
          const notice = db.get<NoticeRecord>('notices', entry.noticeId);
          if (notice === undefined)
            throw new MemoryStoreError(`Inbox entry of missing notice ${entry.noticeId}`);
          return { ...entry, notice };
        });
        return result.nextCursor === undefined
          ? { items }
          : { items, nextCursor: result.nextCursor };
      }),
    listIssuedNotices: (issuerId, page) =>
      db.run(() =>
        pageOf(
          db.values<NoticeRecord>('notices').filter((n) => n.issuedBy === issuerId),
          (n) => `${sortable(n.issuedAt)}#${n.id}`,
          { listing: `issued:${issuerId}`, descending: true },
          page,
        ),
      ),
    trackNotice: (noticeId) =>
      db.run(() => {
        const fanout = db.get<NoticeFanoutRecord>('fanouts', noticeId);
        return {
          recipients: db
            .values<NoticeRecipientRecord>('recipients')
            .filter((r) => r.noticeId === noticeId),
          responses: db
            .values<NoticeResponseRecord>('responses')
            .filter((r) => r.noticeId === noticeId),
          obligations: db.values<Obligation>('obligations').filter((o) => o.subjectId === noticeId),
          ...(fanout === undefined ? {} : { fanout }),
        };
      }),
    getDeliveries: (ids) =>
      db.run(() =>
        [...new Set(ids)].flatMap((id) => {
          const delivery = db.get<DeliveryRecord>('deliveries', id);
          return delivery === undefined ? [] : [delivery];
        }),
      ),
    saveNoticeAck: (recipient, satisfied, deliveries = [], audit = []) =>
      db.runAsync(async () => {
        const { acknowledgedAt } = recipient;
        if (acknowledgedAt === undefined) {
          throw new MemoryStoreError(
            `saveNoticeAck: ${recipient.noticeId}/${recipient.partyId} has no acknowledgedAt`,
          );
        }
        const key = recipientKey(recipient.noticeId, recipient.partyId);
        await writeItems(db, `Obligations of notice ${recipient.noticeId}`, () => [
          {
            name: ITEM.ack,
            // Already acknowledged: the first ack stands and this one changes nothing.
            role: {
              kind: 'once',
              what: `Notice ${recipient.noticeId} for ${recipient.partyId}`,
              exists: async () => db.get('recipients', key) !== undefined,
            },
            table: 'recipients',
            key,
            condition: (current) =>
              current !== undefined &&
              (current as NoticeRecipientRecord).acknowledgedAt === undefined,
            write: (current) => ({ ...(current as NoticeRecipientRecord), acknowledgedAt }),
          },
          ...obligationWrites(satisfied),
          ...deliveries.map(putDelivery),
          ...auditAppendItems(db, audit).items,
        ]);
      }),
    saveNoticeResponse: (write) => db.runAsync(() => saveNoticeResponse(db, write)),
  };
}
