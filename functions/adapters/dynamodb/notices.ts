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
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../core/errors.js';
import type { NewNoticeWrite, NoticeResponseWrite, NoticeStore } from '../../core/ports/notices.js';
import type { ObligationChange } from '../../core/ports/obligations.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type {
  DeliveryRecord,
  NoticeRecipientRecord,
  NoticeRecord,
} from '../../core/ports/records.js';
import { StaleWriteError } from '../../core/ports/write-conflicts.js';
import type { StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { DynamoStoreError, translateError, withStoreErrors } from './errors.js';
import { type ClaimSlots, checkClaims, putIdempotencyClaim } from './idempotency.js';
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
import { itemExists, setOnceItem } from './set-once.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { ATTR, INDEX } from './table-definition.js';
import {
  chunkTransaction,
  failedAmong,
  failedAt,
  type TransactItem,
  transactWrite,
} from './transact.js';

/** Keys per BatchGetItem request (the service limit). */
const BATCH_GET_KEYS = 100;
/** A claim that failed and then vanished (an expired key deleted meanwhile) is retried this often. */
const CLAIM_ATTEMPTS = 3;
/** Rounds of UnprocessedKeys before giving up (DynamoDB returns them under throttling). */
const BATCH_GET_ROUNDS = 5;

/** The key of the item a transaction item puts (every item of a new notice is a Put). */
function keyOfPut(item: TransactItem): ItemKey {
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
  const obligations = write.obligations.map((next) => putObligationChange(ctx, { next }));
  return {
    items: [...claim, ...head, ...entries, ...deliveries, ...obligations],
    undoOrder: [...obligations, ...claim, ...deliveries, ...entries, ...head],
  };
}

/** Writes the first transaction (claim and head first in it); ClaimTakenError on a replay. */
async function writeFirstChunk(
  ctx: StoreContext,
  write: NewNoticeWrite,
  chunk: TransactItem[],
): Promise<void> {
  const slots: ClaimSlots =
    write.idempotency === undefined
      ? {}
      : {
          idempotency: { index: 0, partyId: write.idempotency.partyId, key: write.idempotency.key },
        };
  for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
    const outcome = await transactWrite(ctx, chunk);
    if (outcome.committed) return;
    // A replay throws ClaimTakenError; an expired key deleted meanwhile is retried.
    if ((await checkClaims(ctx, outcome, slots)) === 'vanished') continue;
    throw new DynamoStoreError(`saveNewNotice ${write.notice.id}: an item already existed`);
  }
  throw new DynamoStoreError(
    `saveNewNotice ${write.notice.id}: a claim kept failing and vanishing`,
  );
}

/** Deletes what the committed transactions of a failed notice write put, in `undoOrder`. */
async function undoNewNotice(
  ctx: StoreContext,
  written: ReadonlySet<TransactItem>,
  undoOrder: readonly TransactItem[],
): Promise<void> {
  const deletes: TransactItem[] = undoOrder
    .filter((item) => written.has(item))
    .map((item) => ({ Delete: { TableName: ctx.tableName, Key: keyOfPut(item) } }));
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
        `saveNewNotice ${write.notice.id}: an item of transaction ${index + 2} already existed`,
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
      if (round > BATCH_GET_ROUNDS)
        throw new DynamoStoreError('listInbox: notices stayed unprocessed');
      if (round > 1) await sleep(20 * round);
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
  if (recipient.acknowledgedAt === undefined) {
    throw new DynamoStoreError(
      `saveNoticeAck: ${recipient.noticeId}/${recipient.partyId} has no acknowledgedAt`,
    );
  }
  const key = KEY.noticeRecipient(recipient.noticeId, recipient.partyId);
  const outcome = await transactWrite(ctx, [
    setOnceItem(ctx, key, 'acknowledgedAt', recipient.acknowledgedAt),
    ...obligationWrites(ctx, satisfied),
    ...deliveries.map((d) => putDelivery(ctx, d)),
  ]);
  if (outcome.committed) return;
  if (failedAt(outcome, 0)) {
    // Already acknowledged: the first ack stands and this one changes nothing.
    if (await itemExists(ctx, key)) return;
    throw new NotFoundError(`Notice ${recipient.noticeId} for ${recipient.partyId}`);
  }
  // The sweep (or another request) moved an obligation on since it was read.
  if (failedAmong(outcome, 1, satisfied.length)) {
    throw new StaleWriteError(`Obligations of notice ${recipient.noticeId}`);
  }
  throw new DynamoStoreError(
    `saveNoticeAck ${recipient.noticeId}: an obligation's incident is missing`,
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
  const obligationsStart = 2;
  for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
    const head: TransactItem[] = [
      putResponse(ctx, write.response),
      markResponded(ctx, write.recipient),
      ...obligationWrites(ctx, write.satisfied),
    ];
    const slots: ClaimSlots = {};
    if (write.idempotency !== undefined) {
      const { partyId, key } = write.idempotency;
      slots.idempotency = { index: head.length, partyId, key };
      head.push(putIdempotencyClaim(ctx, write.idempotency));
    }
    const incident =
      write.incident === undefined ? undefined : newIncidentItems(ctx, write.incident, head.length);
    const outcome = await transactWrite(ctx, [
      ...head,
      ...(incident?.items ?? []),
      ...(write.deliveries ?? []).map((d) => putDelivery(ctx, d)),
    ]);
    if (outcome.committed || failedAt(outcome, 0)) return;
    if (failedAt(outcome, 1)) {
      throw new NotFoundError(`Notice ${write.recipient.noticeId} for ${write.recipient.partyId}`);
    }
    // A taken claim first: a concurrent replay also satisfied the obligations we read.
    if ((await checkClaims(ctx, outcome, { ...incident?.slots, ...slots })) === 'vanished')
      continue;
    if (failedAmong(outcome, obligationsStart, write.satisfied.length)) {
      throw new StaleWriteError(`Obligations of notice ${write.recipient.noticeId}`);
    }
    throw new DynamoStoreError(
      `saveNoticeResponse ${write.response.id}: an item already existed or is missing`,
    );
  }
  throw new DynamoStoreError(
    `saveNoticeResponse ${write.response.id}: a claim kept failing and vanishing`,
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
