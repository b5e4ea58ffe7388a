/**
 * The DynamoDB side of {@link NoticeTrackingStore}: the issuer's notices from gsi1
 * (`PARTY#<ncc>#ISSUED`, written with the notice head), one notice's inbox entries,
 * responses, obligations and fan-out record from one query of its partition, deliveries by BatchGetItem.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeTracking, NoticeTrackingStore } from '../../core/ports/notice-tracking.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type { DeliveryRecord, NoticeResponseRecord } from '../../core/ports/records.js';
import { pauseBeforeRetry, RETRY_POLICY } from '../../core/retry.js';
import type { StoreContext } from './context.js';
import { decodeDelivery } from './delivery-items.js';
import { DynamoStoreError, withStoreErrors } from './errors.js';
import { ENTITY, KEY, PARTITION } from './keys.js';
import { decodeFanout, decodeNotice, decodeRecipient } from './notice-items.js';
import { decodeObligation } from './obligation-items.js';
import { queryAll, queryPage } from './pagination.js';
import { decodeData, isMap, isString, optional, type Shape } from './shape.js';
import { ATTR, INDEX } from './table-definition.js';

const RESPONSE_SHAPE: Shape<NoticeResponseRecord> = {
  id: isString,
  noticeId: isString,
  partyId: isString,
  receivedAt: isString,
  sha256: isString,
  response: isMap,
  incidentId: optional(isString),
};

/** Keys per BatchGetItem request (the service limit). */
const BATCH_GET_KEYS = 100;

async function listIssuedNotices(ctx: StoreContext, issuerId: string, page: PageRequest) {
  const result = await queryPage(
    ctx,
    {
      operation: 'listIssuedNotices',
      indexName: INDEX.gsi1,
      partitionName: ATTR.gsi1pk,
      partitionValue: PARTITION.issuedBy(issuerId),
      sortName: ATTR.gsi1sk,
      descending: true,
    },
    page,
  );
  return { ...result, items: result.items.map(decodeNotice) };
}

async function trackNotice(ctx: StoreContext, noticeId: string): Promise<NoticeTracking> {
  const items = await queryAll(ctx, {
    operation: 'trackNotice',
    partitionName: ATTR.pk,
    partitionValue: KEY.notice(noticeId).pk,
    sortName: ATTR.sk,
    consistent: true,
  });
  const tracking: NoticeTracking = { recipients: [], responses: [], obligations: [] };
  for (const item of items) {
    if (item.entity === ENTITY.noticeRecipient) tracking.recipients.push(decodeRecipient(item));
    else if (item.entity === ENTITY.noticeResponse)
      tracking.responses.push(decodeData(item, ENTITY.noticeResponse, RESPONSE_SHAPE));
    else if (item.entity === ENTITY.obligation) tracking.obligations.push(decodeObligation(item));
    else if (item.entity === ENTITY.noticeFanout) tracking.fanout = decodeFanout(item);
  }
  return tracking;
}

async function getDeliveries(ctx: StoreContext, ids: readonly string[]): Promise<DeliveryRecord[]> {
  const found: DeliveryRecord[] = [];
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
    let keys: Record<string, unknown>[] = unique
      .slice(start, start + BATCH_GET_KEYS)
      .map((id) => ({ ...KEY.delivery(id) }));
    for (let round = 1; keys.length > 0; round++) {
      // UnprocessedKeys (under throttling) are asked for again on the one retry policy.
      if (round > RETRY_POLICY.attempts)
        throw new DynamoStoreError('getDeliveries: keys stayed unprocessed');
      if (round > 1) await pauseBeforeRetry(round - 1);
      const output = await ctx.doc.send(
        new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: keys } } }),
      );
      for (const item of output.Responses?.[ctx.tableName] ?? []) found.push(decodeDelivery(item));
      keys = output.UnprocessedKeys?.[ctx.tableName]?.Keys ?? [];
    }
  }
  return found;
}

/** Builds the notice-tracking read port on the given store context. */
export function createNoticeTrackingStore(ctx: StoreContext): NoticeTrackingStore {
  return {
    listIssuedNotices: (issuerId, page): Promise<Page<ReturnType<typeof decodeNotice>>> =>
      withStoreErrors('listIssuedNotices', () => listIssuedNotices(ctx, issuerId, page)),
    trackNotice: (noticeId) => withStoreErrors('trackNotice', () => trackNotice(ctx, noticeId)),
    getDeliveries: (ids) => withStoreErrors('getDeliveries', () => getDeliveries(ctx, ids)),
  };
}
