/**
 * The notice half of the store (item layout: `notice-items.ts`).
 *
 * A notice to many recipients may not fit one transaction (100 items, 4 MB): it is
 * then written in several, in order — head first, then inbox entries, obligations,
 * deliveries — with the idempotency record in the last. A failure part-way leaves no
 * idempotency record, so the sender's retry writes the notice again in full: a
 * recipient may hear of it twice, but none misses it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Obligation } from '../../core/clocks/obligations.js';
import { NotFoundError } from '../../core/errors.js';
import type {
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
} from '../../core/ports/records.js';
import type {
  NewIncidentWrite,
  NewNoticeWrite,
  NoticeStore,
  Page,
  PageRequest,
} from '../../core/ports/stores.js';
import type { StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { DynamoStoreError, withStoreErrors } from './errors.js';
import { checkClaims, putIdempotencyClaim } from './idempotency.js';
import { newIncidentItems } from './incident-items.js';
import { KEY, PARTITION } from './keys.js';
import {
  decodeNotice,
  decodeRecipient,
  markResponded,
  putNotice,
  putRecipient,
  putResponse,
} from './notice-items.js';
import { obligationWrites } from './obligation-items.js';
import { queryPage, type RawItem } from './pagination.js';
import { itemExists, setOnceItem } from './set-once.js';
import { ATTR, INDEX } from './table-definition.js';
import { chunkTransaction, failedAt, type TransactItem, transactWrite } from './transact.js';

/** Keys per BatchGetItem request (the service limit). */
const BATCH_GET_KEYS = 100;
/** A claim that failed and then vanished (an expired key deleted meanwhile) is retried this often. */
const CLAIM_ATTEMPTS = 3;
/** Rounds of UnprocessedKeys before giving up (DynamoDB returns them under throttling). */
const BATCH_GET_ROUNDS = 5;

async function saveNewNotice(ctx: StoreContext, write: NewNoticeWrite): Promise<void> {
  const body: TransactItem[] = [
    putNotice(ctx, write.notice),
    ...write.recipients.map((r) => putRecipient(ctx, r)),
    ...obligationWrites(ctx, write.obligations),
    ...write.deliveries.map((d) => putDelivery(ctx, d)),
  ];
  const claim =
    write.idempotency === undefined ? [] : [putIdempotencyClaim(ctx, write.idempotency)];
  const chunks = chunkTransaction([...body, ...claim]);
  for (const [chunkIndex, chunk] of chunks.entries()) {
    const outcome = await transactWrite(ctx, chunk);
    if (outcome.committed) continue;
    const last = chunkIndex === chunks.length - 1;
    if (last && write.idempotency !== undefined) {
      const slots = {
        idempotency: {
          index: chunk.length - 1,
          partyId: write.idempotency.partyId,
          key: write.idempotency.key,
        },
      };
      if ((await checkClaims(ctx, outcome, slots)) === 'vanished') {
        // An expired key was deleted meanwhile; the claim now goes through.
        const retry = await transactWrite(ctx, chunk);
        if (retry.committed) continue;
        await checkClaims(ctx, retry, slots);
      }
    }
    throw new DynamoStoreError(`saveNewNotice ${write.notice.id}: an item already existed`);
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
  satisfied: Obligation[],
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
  ]);
  if (outcome.committed) return;
  if (failedAt(outcome, 0)) {
    // Already acknowledged: the first ack stands and this one changes nothing.
    if (await itemExists(ctx, key)) return;
    throw new NotFoundError(`Notice ${recipient.noticeId} for ${recipient.partyId}`);
  }
  throw new DynamoStoreError(
    `saveNoticeAck ${recipient.noticeId}: an obligation's incident is missing`,
  );
}

interface NoticeResponseWrite {
  response: NoticeResponseRecord;
  recipient: NoticeRecipientRecord;
  satisfied: Obligation[];
  incident?: NewIncidentWrite;
}

/**
 * The response, the inbox entry's times, the satisfied obligations and — for an
 * incident_card — the whole new incident, in one transaction. A response already
 * stored (a retried write) makes it a no-op.
 */
async function saveNoticeResponse(ctx: StoreContext, write: NoticeResponseWrite): Promise<void> {
  for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
    const head: TransactItem[] = [
      putResponse(ctx, write.response),
      markResponded(ctx, write.recipient),
      ...obligationWrites(ctx, write.satisfied),
    ];
    const incident =
      write.incident === undefined ? undefined : newIncidentItems(ctx, write.incident, head.length);
    const outcome = await transactWrite(ctx, [...head, ...(incident?.items ?? [])]);
    if (outcome.committed || failedAt(outcome, 0)) return;
    if (failedAt(outcome, 1)) {
      throw new NotFoundError(`Notice ${write.recipient.noticeId} for ${write.recipient.partyId}`);
    }
    if (incident !== undefined && (await checkClaims(ctx, outcome, incident.slots)) === 'vanished')
      continue;
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
    saveNewNotice: (write) => withStoreErrors('saveNewNotice', () => saveNewNotice(ctx, write)),
    getNotice: (id) => withStoreErrors('getNotice', () => getNotice(ctx, id)),
    getRecipient: (noticeId, partyId) =>
      withStoreErrors('getRecipient', () => getRecipient(ctx, noticeId, partyId)),
    listInbox: (partyId, page) => withStoreErrors('listInbox', () => listInbox(ctx, partyId, page)),
    saveNoticeAck: (recipient, satisfied) =>
      withStoreErrors('saveNoticeAck', () => saveNoticeAck(ctx, recipient, satisfied)),
    saveNoticeResponse: (write) =>
      withStoreErrors('saveNoticeResponse', () => saveNoticeResponse(ctx, write)),
  };
}
