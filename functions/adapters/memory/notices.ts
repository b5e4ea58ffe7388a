/** Notices in memory: the notice and its fan-out in one transaction, acks and responses. */
import type { Obligation } from '../../core/clocks/obligations.js';
import { NotFoundError } from '../../core/errors.js';
import type { NewNoticeWrite, NoticeResponseWrite, NoticeStore } from '../../core/ports/notices.js';
import type {
  DeliveryRecord,
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
} from '../../core/ports/records.js';
import { StaleWriteError } from '../../core/ports/write-conflicts.js';
import { newIncidentItems } from './incidents.js';
import {
  obligationWrites,
  putDelivery,
  putIdempotencyClaim,
  putNew,
  putObligationChange,
  throwTakenClaim,
} from './items.js';
import { type MemoryDb, MemoryStoreError, type MemoryTxItem } from './memory-db.js';
import { pageOf, sortable } from './paging.js';

const recipientKey = (noticeId: string, partyId: string) => `${noticeId}#${partyId}`;

function saveNewNotice(db: MemoryDb, write: NewNoticeWrite): void {
  const outcome = db.transact([
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
    putNew('head', 'notices', write.notice.id, write.notice),
    ...write.recipients.map((r) =>
      putNew(`recipient:${r.partyId}`, 'recipients', recipientKey(r.noticeId, r.partyId), r),
    ),
    ...write.deliveries.map(putDelivery),
    ...write.obligations.map((next: Obligation) => putObligationChange({ next })),
  ]);
  if (outcome.committed) return;
  throwTakenClaim(
    db,
    outcome,
    write.idempotency === undefined ? {} : { idempotency: write.idempotency },
  );
  throw new MemoryStoreError(`saveNewNotice ${write.notice.id}: an item already existed`);
}

/** Sets the answered (and acknowledged) times on an inbox entry, each only if not set yet. */
function markResponded(recipient: NoticeRecipientRecord): MemoryTxItem {
  return {
    name: 'recipient',
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

function saveNoticeResponse(db: MemoryDb, write: NoticeResponseWrite): void {
  if (write.idempotency !== undefined && write.incident?.idempotency !== undefined) {
    throw new MemoryStoreError('saveNoticeResponse: the idempotency claim is given twice');
  }
  const { response, recipient } = write;
  const outcome = db.transact([
    putNew('response', 'responses', `${response.noticeId}#${response.id}`, response),
    markResponded(recipient),
    ...obligationWrites(write.satisfied),
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(db, write.idempotency)]),
    ...(write.deliveries ?? []).map(putDelivery),
    ...(write.incident === undefined
      ? []
      : newIncidentItems(db, write.incident).map((item) =>
          item.name.startsWith('claim:') ? item : { ...item, name: `incident:${item.name}` },
        )),
  ]);
  // A response already stored: a retried write, and a no-op.
  if (outcome.committed || outcome.failed.has('response')) return;
  if (outcome.failed.has('recipient')) {
    throw new NotFoundError(`Notice ${recipient.noticeId} for ${recipient.partyId}`);
  }
  // A taken claim first: a concurrent replay also satisfied the obligations we read.
  const idempotency = write.idempotency ?? write.incident?.idempotency;
  throwTakenClaim(db, outcome, {
    ...(idempotency === undefined ? {} : { idempotency }),
    ...(write.incident === undefined
      ? {}
      : {
          socReference: {
            socId: write.incident.incident.socId,
            socReference: write.incident.incident.socReference,
          },
        }),
  });
  if ([...outcome.failed].some((name) => name.startsWith('obligation:'))) {
    throw new StaleWriteError(`Obligations of notice ${recipient.noticeId}`);
  }
  throw new MemoryStoreError(
    `saveNoticeResponse ${response.id}: an item already existed or is missing`,
  );
}

export function createMemoryNoticeStore(db: MemoryDb): NoticeStore {
  return {
    saveNewNotice: (write) => db.run(() => saveNewNotice(db, write)),
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
      db.run(() => ({
        recipients: db
          .values<NoticeRecipientRecord>('recipients')
          .filter((r) => r.noticeId === noticeId),
        responses: db
          .values<NoticeResponseRecord>('responses')
          .filter((r) => r.noticeId === noticeId),
        obligations: db.values<Obligation>('obligations').filter((o) => o.subjectId === noticeId),
      })),
    getDeliveries: (ids) =>
      db.run(() =>
        [...new Set(ids)].flatMap((id) => {
          const delivery = db.get<DeliveryRecord>('deliveries', id);
          return delivery === undefined ? [] : [delivery];
        }),
      ),
    saveNoticeAck: (recipient, satisfied, deliveries = []) =>
      db.run(() => {
        const { acknowledgedAt } = recipient;
        if (acknowledgedAt === undefined) {
          throw new MemoryStoreError(
            `saveNoticeAck: ${recipient.noticeId}/${recipient.partyId} has no acknowledgedAt`,
          );
        }
        const key = recipientKey(recipient.noticeId, recipient.partyId);
        const outcome = db.transact([
          {
            name: 'ack',
            table: 'recipients',
            key,
            condition: (current) =>
              current !== undefined &&
              (current as NoticeRecipientRecord).acknowledgedAt === undefined,
            write: (current) => ({ ...(current as NoticeRecipientRecord), acknowledgedAt }),
          },
          ...obligationWrites(satisfied),
          ...deliveries.map(putDelivery),
        ]);
        if (outcome.committed) return;
        if (outcome.failed.has('ack')) {
          if (db.get('recipients', key) !== undefined) return;
          throw new NotFoundError(`Notice ${recipient.noticeId} for ${recipient.partyId}`);
        }
        if ([...outcome.failed].some((name) => name.startsWith('obligation:'))) {
          throw new StaleWriteError(`Obligations of notice ${recipient.noticeId}`);
        }
        throw new MemoryStoreError(
          `saveNoticeAck ${recipient.noticeId}: an obligation's incident is missing`,
        );
      }),
    saveNoticeResponse: (write) => db.run(() => saveNoticeResponse(db, write)),
  };
}
