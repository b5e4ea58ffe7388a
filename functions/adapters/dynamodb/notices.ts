/**
 * The notice half of the store (item layout: `notice-items.ts`).
 *
 * A notice is accepted in one transaction (issue #14 item 5): the idempotency claim, the
 * head, the fan-out record, the issuer's clocks and deliveries, and as many recipients'
 * shares (inbox entry, two clocks, delivery) as fit — every share of a notice to at most
 * 20. The rest are written by `saveFanoutBatch`, a batch per transaction that also
 * advances the fan-out record, conditioned on the progress read: a crash between
 * batches leaves a fan-out the sweep resumes, and no batch is ever written twice.
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../core/audit/audit-entry.js';
import type {
  FanoutBatchWrite,
  FanoutShare,
  NewNoticeWrite,
  NoticeResponseWrite,
  NoticeStore,
} from '../../core/ports/notices.js';
import type { ObligationChange } from '../../core/ports/obligations.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type {
  DeliveryRecord,
  NoticeFanoutRecord,
  NoticeRecipientRecord,
  NoticeRecord,
} from '../../core/ports/records.js';
import { pauseBeforeRetry, RETRY_POLICY } from '../../core/retry.js';
import { ITEM, writeNamed } from '../transactions.js';
import { withAuditAppend } from './audit-items.js';
import type { StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { DynamoStoreError, storeFault, withStoreErrors } from './errors.js';
import { putIdempotencyClaim } from './idempotency.js';
import { newIncidentItems } from './incident-items.js';
import { KEY, PARTITION, sortableInstant } from './keys.js';
import {
  advanceFanout,
  decodeFanout,
  decodeNotice,
  decodeRecipient,
  markResponded,
  putFanout,
  putNotice,
  putRecipient,
  putResponse,
} from './notice-items.js';
import { createNoticeTrackingStore } from './notice-tracking.js';
import { obligationWrites, putObligationChange } from './obligation-items.js';
import { queryPage, queryUpTo, type RawItem } from './pagination.js';
import { setOnceItem } from './set-once.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { ATTR, INDEX } from './table-definition.js';
import {
  approximateBytes,
  MAX_TRANSACTION_BYTES,
  MAX_TRANSACTION_ITEMS,
  type NamedItem,
  transactWrite,
} from './transact.js';

/** Keys per BatchGetItem request (the service limit). */
const BATCH_GET_KEYS = 100;

/** A new clock: a new item, so a failed condition would be an id clash (a fault), never a stale read. */
function putNewClock(ctx: StoreContext, next: FanoutShare['obligations'][number]): NamedItem {
  return { ...putObligationChange(ctx, { next }), role: { kind: 'write' } };
}

/** One recipient's items: inbox entry, clocks and delivery, each new. */
function shareItems(ctx: StoreContext, share: FanoutShare): NamedItem[] {
  return [
    putRecipient(ctx, share.recipient),
    ...share.obligations.map((o) => putNewClock(ctx, o)),
    putDelivery(ctx, share.delivery),
  ];
}

/**
 * As many whole shares, from the first, as fit one transaction beside `fixed` (100 items,
 * ~3.5 MB): a share is never split, so a batch writes a recipient whole or not at all.
 */
function packShares(
  ctx: StoreContext,
  shares: readonly FanoutShare[],
  fixed: readonly NamedItem[],
): { taken: number; items: NamedItem[] } {
  const items: NamedItem[] = [];
  let count = fixed.length;
  let bytes = fixed.reduce((sum, item) => sum + approximateBytes(item), 0);
  let taken = 0;
  for (const share of shares) {
    const next = shareItems(ctx, share);
    const size = next.reduce((sum, item) => sum + approximateBytes(item), 0);
    if (count + next.length > MAX_TRANSACTION_ITEMS || bytes + size > MAX_TRANSACTION_BYTES) break;
    items.push(...next);
    count += next.length;
    bytes += size;
    taken += 1;
  }
  return { taken, items };
}

/**
 * The notice's `message.received` entry (and its chain head) is among the fixed items, so
 * the shares packed beside it still fit one transaction. The recipients' `message.sent`
 * entries are written when each delivery is pushed (`recordAttempt`), not here: a batch
 * of the fan-out stays within 100 items, and the entry records the bytes actually sent.
 */
function saveNewNotice(ctx: StoreContext, write: NewNoticeWrite): Promise<{ expanded: number }> {
  return withAuditAppend(ctx, write.audit ?? [], (audit) => writeNewNotice(ctx, write, audit));
}

async function writeNewNotice(
  ctx: StoreContext,
  write: NewNoticeWrite,
  audit: NamedItem[],
): Promise<{ expanded: number }> {
  const total = write.fanout.recipients.length;
  const fixed = [
    ...audit,
    ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)]),
    putNotice(ctx, write.notice),
    ...write.obligations.map((o) => putNewClock(ctx, o)),
    ...write.deliveries.map((d) => putDelivery(ctx, d)),
  ];
  // The fan-out record is sized as written with no share yet; its `expanded` is a number.
  const { taken, items: shares } = packShares(ctx, write.shares, [
    ...fixed,
    putFanout(ctx, write.fanout),
  ]);
  const fanout: NoticeFanoutRecord = {
    ...write.fanout,
    expanded: taken,
    ...(taken >= total ? { completedAt: write.fanout.updatedAt } : {}),
  };
  const items = [...fixed, putFanout(ctx, fanout), ...shares];
  // Built once: a claim that vanished is retried with the same items (judged by the
  // store clock at build time, which only moves forward).
  await writeNamed(
    (batch) => transactWrite(ctx, batch),
    () => items,
    { subject: `saveNewNotice ${write.notice.id}`, fault: storeFault },
  );
  return { expanded: taken };
}

async function saveFanoutBatch(
  ctx: StoreContext,
  batch: FanoutBatchWrite,
): Promise<{ expanded: number }> {
  const step = { noticeId: batch.noticeId, from: batch.from, total: batch.total, at: batch.at };
  const { taken, items } = packShares(ctx, batch.shares, [
    advanceFanout(ctx, { ...step, to: batch.total }),
  ]);
  if (taken === 0) {
    throw new DynamoStoreError(
      `saveFanoutBatch ${batch.noticeId}: one recipient's share does not fit a transaction`,
    );
  }
  const to = batch.from + taken;
  await writeNamed(
    (tx) => transactWrite(ctx, tx),
    () => [advanceFanout(ctx, { ...step, to }), ...items],
    { subject: `Fan-out of notice ${batch.noticeId}`, fault: storeFault },
  );
  return { expanded: to };
}

async function getFanout(
  ctx: StoreContext,
  noticeId: string,
): Promise<NoticeFanoutRecord | undefined> {
  const item = await getItem(ctx, KEY.noticeFanout(noticeId));
  return item === undefined ? undefined : decodeFanout(item);
}

async function listUnfinishedFanouts(
  ctx: StoreContext,
  idleSince: string,
  limit: number,
): Promise<string[]> {
  const items = await queryUpTo(
    ctx,
    {
      operation: 'listUnfinishedFanouts',
      indexName: INDEX.byOutbox,
      partitionName: ATTR.outboxPk,
      partitionValue: PARTITION.fanouts,
      sortName: ATTR.outboxAt,
      sort: { op: '<=', value: sortableInstant(idleSince) },
    },
    limit,
  );
  return items.map((item) => decodeFanout(item).noticeId);
}

async function getItem(
  ctx: StoreContext,
  key: { pk: string; sk: string },
): Promise<RawItem | undefined> {
  const { Item } = await ctx.doc.send(
    new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

async function getNotice(ctx: StoreContext, id: string): Promise<NoticeRecord | undefined> {
  const item = await getItem(ctx, KEY.notice(id));
  return item === undefined ? undefined : decodeNotice(item);
}

async function getRecipient(
  ctx: StoreContext,
  noticeId: string,
  partyId: string,
): Promise<NoticeRecipientRecord | undefined> {
  const item = await getItem(ctx, KEY.noticeRecipient(noticeId, partyId));
  return item === undefined ? undefined : decodeRecipient(item);
}

/** Loads notice heads by id (BatchGetItem, following UnprocessedKeys). */
async function getNotices(
  ctx: StoreContext,
  ids: readonly string[],
): Promise<Map<string, NoticeRecord>> {
  const found = new Map<string, NoticeRecord>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
    let keys: Record<string, unknown>[] = unique
      .slice(start, start + BATCH_GET_KEYS)
      .map((id) => ({ ...KEY.notice(id) }));
    for (let round = 1; keys.length > 0; round++) {
      if (round > RETRY_POLICY.attempts)
        throw new DynamoStoreError('listInbox: notices stayed unprocessed');
      if (round > 1) await pauseBeforeRetry(round - 1);
      const output = await ctx.doc.send(
        new BatchGetCommand({
          RequestItems: { [ctx.tableName]: { Keys: keys, ConsistentRead: true } },
        }),
      );
      for (const item of output.Responses?.[ctx.tableName] ?? []) {
        const notice = decodeNotice(item);
        found.set(notice.id, notice);
      }
      keys = output.UnprocessedKeys?.[ctx.tableName]?.Keys ?? [];
    }
  }
  return found;
}

async function listInbox(
  ctx: StoreContext,
  partyId: string,
  page: PageRequest,
): Promise<Page<NoticeRecipientRecord & { notice: NoticeRecord }>> {
  const result = await queryPage(
    ctx,
    {
      operation: 'listInbox',
      indexName: INDEX.gsi1,
      partitionName: ATTR.gsi1pk,
      partitionValue: PARTITION.inboxOf(partyId),
      sortName: ATTR.gsi1sk,
      descending: true,
    },
    page,
  );
  const entries = result.items.map(decodeRecipient);
  const notices = await getNotices(
    ctx,
    entries.map((e) => e.noticeId),
  );
  const items = entries.map((entry) => {
    const notice = notices.get(entry.noticeId);
    // The head is written before (or with) its inbox entries, so it is always there.
    if (notice === undefined)
      throw new DynamoStoreError(`Inbox entry of missing notice ${entry.noticeId}`);
    return { ...entry, notice };
  });
  return result.nextCursor === undefined ? { items } : { items, nextCursor: result.nextCursor };
}

async function saveNoticeAck(
  ctx: StoreContext,
  recipient: NoticeRecipientRecord,
  satisfied: ObligationChange[],
  deliveries: DeliveryRecord[] = [],
  audit: AuditEvent[] = [],
): Promise<void> {
  const { acknowledgedAt } = recipient;
  if (acknowledgedAt === undefined) {
    throw new DynamoStoreError(
      `saveNoticeAck: ${recipient.noticeId}/${recipient.partyId} has no acknowledgedAt`,
    );
  }
  const what = `Notice ${recipient.noticeId} for ${recipient.partyId}`;
  const key = KEY.noticeRecipient(recipient.noticeId, recipient.partyId);
  await withAuditAppend(ctx, audit, (auditItems) =>
    writeNamed(
      (items) => transactWrite(ctx, items),
      () => [
        // Already acknowledged: the first ack stands and this one changes nothing (nor is audited again).
        setOnceItem(ctx, { name: ITEM.ack, key, what }, 'acknowledgedAt', acknowledgedAt),
        ...obligationWrites(ctx, satisfied),
        ...deliveries.map((d) => putDelivery(ctx, d)),
        ...auditItems,
      ],
      { subject: `Obligations of notice ${recipient.noticeId}`, fault: storeFault },
    ),
  );
}

/**
 * The response, the inbox entry's times, the satisfied obligations (guarded by the
 * state read), the Idempotency-Key record and — for an incident_card — the whole new
 * incident with its claims, in one transaction. A response already stored (a retried
 * write) makes it a no-op.
 */
async function saveNoticeResponse(ctx: StoreContext, write: NoticeResponseWrite): Promise<void> {
  if (write.idempotency !== undefined && write.incident?.idempotency !== undefined) {
    // One key, one item: a transaction may not write an item twice.
    throw new DynamoStoreError('saveNoticeResponse: the idempotency claim is given twice');
  }
  // A response already stored (`once`) makes a retried write a no-op; a taken claim is
  // checked before the obligations, since a concurrent replay also satisfied the ones read.
  await withAuditAppend(ctx, write.audit ?? [], (audit) =>
    writeNamed(
      (items) => transactWrite(ctx, items),
      () => [
        putResponse(ctx, write.response),
        markResponded(ctx, write.recipient),
        ...obligationWrites(ctx, write.satisfied),
        ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)]),
        ...(write.incident === undefined ? [] : newIncidentItems(ctx, write.incident)),
        ...(write.deliveries ?? []).map((d) => putDelivery(ctx, d)),
        ...audit,
      ],
      { subject: `Obligations of notice ${write.recipient.noticeId}`, fault: storeFault },
    ),
  );
}

/** The notice half of the store. */
export function createNoticeStore(ctx: StoreContext): NoticeStore {
  return {
    ...createNoticeTrackingStore(ctx),
    saveNewNotice: (write) => withStoreErrors('saveNewNotice', () => saveNewNotice(ctx, write)),
    saveFanoutBatch: (batch) =>
      withStoreErrors('saveFanoutBatch', () => saveFanoutBatch(ctx, batch)),
    getFanout: (noticeId) => withStoreErrors('getFanout', () => getFanout(ctx, noticeId)),
    listUnfinishedFanouts: (idleSince, limit) =>
      withStoreErrors('listUnfinishedFanouts', () => listUnfinishedFanouts(ctx, idleSince, limit)),
    getNotice: (id) => withStoreErrors('getNotice', () => getNotice(ctx, id)),
    getRecipient: (noticeId, partyId) =>
      withStoreErrors('getRecipient', () => getRecipient(ctx, noticeId, partyId)),
    listInbox: (partyId, page) => withStoreErrors('listInbox', () => listInbox(ctx, partyId, page)),
    saveNoticeAck: (recipient, satisfied, deliveries, audit) =>
      withStoreErrors('saveNoticeAck', () =>
        saveNoticeAck(ctx, recipient, satisfied, deliveries, audit),
      ),
    saveNoticeResponse: (write) =>
      withStoreErrors('saveNoticeResponse', () => saveNoticeResponse(ctx, write)),
  };
}

/** The notice store on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoNoticeStore(settings: DynamoSettings): NoticeStore {
  return createNoticeStore(storeContextFor(settings));
}
