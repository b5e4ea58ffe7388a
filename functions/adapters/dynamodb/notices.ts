/**
 * The notice half of the store (item layout: `notice-items.ts`).
 *
 * A notice to many recipients may not fit one transaction (100 items, 4 MB): it is
 * then written in several, in order — the idempotency claim and the head first, then
 * inbox entries, deliveries and, last, the obligations. A concurrent duplicate thus
 * fails on the claim before it writes anything, and an obligation (which escalates
 * against its SOC when missed) is never written before the SOC's inbox entry and
 * delivery. When a later transaction fails, what the earlier ones wrote is deleted
 * (obligations, then the claim, deliveries, inbox entries and the head) before the
 * failure is reported, so the sender's retry writes the notice afresh. Only a crash
 * between transactions, or a clean-up that fails too (a 500), can leave a partial
 * notice (docs/dynamodb-keys.md).
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { NewNoticeWrite, NoticeResponseWrite, NoticeStore } from '../../core/ports/notices.js';
import type { ObligationChange } from '../../core/ports/obligations.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type {
  DeliveryRecord,
  NoticeRecipientRecord,
  NoticeRecord,
} from '../../core/ports/records.js';
import { pauseBeforeRetry, RETRY_POLICY } from '../../core/retry.js';
import { ITEM, writeNamed } from '../transactions.js';
import type { StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { DynamoStoreError, storeFault, translateError, withStoreErrors } from './errors.js';
import { putIdempotencyClaim } from './idempotency.js';
import { newIncidentItems } from './incident-items.js';
import { type ItemKey, KEY, PARTITION } from './keys.js';
import {
  decodeNotice,
  decodeRecipient,
  markResponded,
  putNotice,
  putRecipient,
  putResponse,
} from './notice-items.js';
import { createNoticeTrackingStore } from './notice-tracking.js';
import { obligationWrites, putObligationChange } from './obligation-items.js';
import { queryPage, type RawItem } from './pagination.js';
import { setOnceItem } from './set-once.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { ATTR, INDEX } from './table-definition.js';
import { chunkTransaction, type NamedItem, named, transactWrite } from './transact.js';

/** Keys per BatchGetItem request (the service limit). */
const BATCH_GET_KEYS = 100;

/** The key of the item a transaction item puts (every item of a new notice is a Put). */
function keyOfPut(item: NamedItem): ItemKey {
  const written = item.Put?.Item;
  const pk = written?.[ATTR.pk];
  const sk = written?.[ATTR.sk];
  if (typeof pk !== 'string' || typeof sk !== 'string') {
    throw new DynamoStoreError('saveNewNotice: a transaction item that is not a keyed Put');
  }
  return { pk, sk };
}

/**
 * A new notice's items in the order they are written (see the module comment), and the
 * undo order: obligations first (they are what escalates), then the claim (so the
 * sender's retry is never answered with the receipt of a half-written notice), then
 * deliveries and inbox entries, and the head last (an inbox entry is never listed without it).
 */
function newNoticeItems(ctx: StoreContext, write: NewNoticeWrite) {
  const claim =
    write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)];
  const head = [putNotice(ctx, write.notice)];
  const entries = write.recipients.map((r) => putRecipient(ctx, r));
  const deliveries = write.deliveries.map((d) => putDelivery(ctx, d));
  // A notice's clocks are new items and never an incident's, so there is nothing to mirror.
  // New records: a failed condition would be an id clash (a fault), never a stale read.
  const obligations = write.obligations.map(
    (next): NamedItem => ({ ...putObligationChange(ctx, { next }), role: { kind: 'write' } }),
  );
  return {
    items: [...claim, ...head, ...entries, ...deliveries, ...obligations],
    undoOrder: [...obligations, ...claim, ...deliveries, ...entries, ...head],
  };
}

/** Writes the first transaction (claim and head first in it); ClaimTakenError on a replay. */
async function writeFirstChunk(
  ctx: StoreContext,
  write: NewNoticeWrite,
  chunk: NamedItem[],
): Promise<void> {
  // Built once: a claim that vanished is retried with the same items (judged by the
  // store clock at build time, which only moves forward).
  await writeNamed(
    (items) => transactWrite(ctx, items),
    () => chunk,
    { subject: `saveNewNotice ${write.notice.id}`, fault: storeFault },
  );
}

/** Deletes what the committed transactions of a failed notice write put, in `undoOrder`. */
async function undoNewNotice(
  ctx: StoreContext,
  written: ReadonlySet<NamedItem>,
  undoOrder: readonly NamedItem[],
): Promise<void> {
  const deletes: NamedItem[] = undoOrder
    .filter((item) => written.has(item))
    .map((item) =>
      named(`undo:${item.name}`, { Delete: { TableName: ctx.tableName, Key: keyOfPut(item) } }),
    );
  for (const chunk of chunkTransaction(deletes)) {
    const outcome = await transactWrite(ctx, chunk);
    if (!outcome.committed) throw new DynamoStoreError('saveNewNotice: an undo was refused');
  }
}

async function saveNewNotice(ctx: StoreContext, write: NewNoticeWrite): Promise<void> {
  const { items, undoOrder } = newNoticeItems(ctx, write);
  // Claim and head lead the item list, so they always travel in the first transaction.
  const [first = [], ...rest] = chunkTransaction(items);
  await writeFirstChunk(ctx, write, first);
  const written = new Set(first);
  for (const [index, chunk] of rest.entries()) {
    let failure: unknown;
    try {
      const outcome = await transactWrite(ctx, chunk);
      if (outcome.committed) {
        for (const item of chunk) written.add(item);
        continue;
      }
      failure = new DynamoStoreError(
        `saveNewNotice ${write.notice.id}: in transaction ${index + 2}, the condition of ${[...outcome.failed].sort().join(', ')} failed`,
      );
    } catch (error) {
      failure = error;
    }
    try {
      await undoNewNotice(ctx, written, undoOrder);
    } catch (undoError) {
      throw new DynamoStoreError(
        `saveNewNotice ${write.notice.id} failed in transaction ${index + 2} of ${rest.length + 1}, and removing the earlier ones failed too: a partial notice may remain`,
        { cause: new AggregateError([failure, undoError]) },
      );
    }
    // Nothing of the notice remains: an unreachable DynamoDB is a 503 like any other write's.
    throw translateError(failure, 'saveNewNotice');
  }
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
): Promise<void> {
  const { acknowledgedAt } = recipient;
  if (acknowledgedAt === undefined) {
    throw new DynamoStoreError(
      `saveNoticeAck: ${recipient.noticeId}/${recipient.partyId} has no acknowledgedAt`,
    );
  }
  const what = `Notice ${recipient.noticeId} for ${recipient.partyId}`;
  const key = KEY.noticeRecipient(recipient.noticeId, recipient.partyId);
  await writeNamed(
    (items) => transactWrite(ctx, items),
    () => [
      // Already acknowledged: the first ack stands and this one changes nothing.
      setOnceItem(ctx, { name: ITEM.ack, key, what }, 'acknowledgedAt', acknowledgedAt),
      ...obligationWrites(ctx, satisfied),
      ...deliveries.map((d) => putDelivery(ctx, d)),
    ],
    { subject: `Obligations of notice ${recipient.noticeId}`, fault: storeFault },
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
  await writeNamed(
    (items) => transactWrite(ctx, items),
    () => [
      putResponse(ctx, write.response),
      markResponded(ctx, write.recipient),
      ...obligationWrites(ctx, write.satisfied),
      ...(write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)]),
      ...(write.incident === undefined ? [] : newIncidentItems(ctx, write.incident)),
      ...(write.deliveries ?? []).map((d) => putDelivery(ctx, d)),
    ],
    { subject: `Obligations of notice ${write.recipient.noticeId}`, fault: storeFault },
  );
}

/** The notice half of the store. */
export function createNoticeStore(ctx: StoreContext): NoticeStore {
  return {
    ...createNoticeTrackingStore(ctx),
    saveNewNotice: (write) => withStoreErrors('saveNewNotice', () => saveNewNotice(ctx, write)),
    getNotice: (id) => withStoreErrors('getNotice', () => getNotice(ctx, id)),
    getRecipient: (noticeId, partyId) =>
      withStoreErrors('getRecipient', () => getRecipient(ctx, noticeId, partyId)),
    listInbox: (partyId, page) => withStoreErrors('listInbox', () => listInbox(ctx, partyId, page)),
    saveNoticeAck: (recipient, satisfied, deliveries) =>
      withStoreErrors('saveNoticeAck', () => saveNoticeAck(ctx, recipient, satisfied, deliveries)),
    saveNoticeResponse: (write) =>
      withStoreErrors('saveNoticeResponse', () => saveNoticeResponse(ctx, write)),
  };
}

/** The notice store on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoNoticeStore(settings: DynamoSettings): NoticeStore {
  return createNoticeStore(storeContextFor(settings));
}
