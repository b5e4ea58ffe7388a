/**
 * The audit trail on the single table (keys in keys.ts): entries under `AUDIT#<party>`
 * by seq and on gsi1 by time, heads in one `AUDITHEADS` partition, digests in
 * `AUDITDIGESTS`. Entries carry no TTL: they never expire (002 п.38).
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditEvent } from '../../core/audit/audit-entry.js';
import type { SignedAuditDigest } from '../../core/audit/digest.js';
import { AuditHeadMovedError, type AuditTrail } from '../../core/ports/audit-trail.js';
import {
  AUDIT_APPEND_ATTEMPTS,
  auditAppendItems,
  decodeAuditEntry,
  decodeAuditHead,
  readAuditHead,
  readAuditHeads,
} from './audit-items.js';
import type { StoreContext } from './context.js';
import { withStoreErrors } from './errors.js';
import { ENTITY, KEY, PARTITION, SK_PREFIX, sortableInstant } from './keys.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { arrayOf, decodeData, isAnything, isString, type Shape } from './shape.js';
import { ATTR, INDEX } from './table-definition.js';
import { transactWrite } from './transact.js';

const DIGEST_SHAPE: Shape<SignedAuditDigest> = {
  day: isString,
  createdAt: isString,
  heads: arrayOf(isAnything),
  previousDigestSha256: isString,
  keyId: isString,
  algorithm: isString,
  signature: isString,
};

async function queryAll(ctx: StoreContext, input: Omit<QueryCommandInput, 'TableName'>) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.doc.send(
      new QueryCommand({ TableName: ctx.tableName, ...input, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Appends events of any parties in one transaction, re-reading heads when another append won. */
export async function appendAuditEvents(
  ctx: StoreContext,
  events: readonly AuditEvent[],
): Promise<AuditEntry[]> {
  if (events.length === 0) return [];
  for (let attempt = 1; ; attempt++) {
    const heads = await readAuditHeads(
      ctx,
      events.map((e) => e.partyId),
    );
    const { items, entries } = auditAppendItems(ctx, heads, events);
    const outcome = await transactWrite(ctx, items);
    if (outcome.committed) return entries;
    if (attempt >= AUDIT_APPEND_ATTEMPTS) throw new AuditHeadMovedError(events[0]?.partyId ?? '');
  }
}

export function createAuditTrail(ctx: StoreContext): AuditTrail {
  return {
    head: (partyId) => withStoreErrors('auditHead', () => readAuditHead(ctx, partyId)),

    append: (events) => withStoreErrors('auditAppend', () => appendAuditEvents(ctx, events)),

    entries: (partyId, fromSeq, limit) =>
      withStoreErrors('auditEntries', async () => {
        const { Items } = await ctx.doc.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: '#pk = :pk AND #sk >= :from',
            ExpressionAttributeNames: { '#pk': ATTR.pk, '#sk': ATTR.sk },
            ExpressionAttributeValues: {
              ':pk': KEY.auditEntry(partyId, 0).pk,
              ':from': KEY.auditEntry(partyId, Math.max(0, fromSeq)).sk,
            },
            ConsistentRead: true,
            Limit: limit,
          }),
        );
        return (Items ?? []).map(decodeAuditEntry);
      }),

    entriesBetween: (partyId, start, end) =>
      withStoreErrors('auditEntriesBetween', async () => {
        const items = await queryAll(ctx, {
          IndexName: INDEX.gsi1,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': ATTR.gsi1pk, '#sk': ATTR.gsi1sk },
          ExpressionAttributeValues: {
            ':pk': PARTITION.auditOf(partyId),
            ':from': sortableInstant(start),
            // `#` sorts after every character of an instant, `!` before: [start, end).
            ':to': `${sortableInstant(end)}!`,
          },
        });
        return items
          .map(decodeAuditEntry)
          .filter((e) => Date.parse(e.at) < Date.parse(end))
          .sort((a, b) => a.seq - b.seq);
      }),

    heads: () =>
      withStoreErrors('auditHeads', async () => {
        const items = await queryAll(ctx, {
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': ATTR.pk, '#sk': ATTR.sk },
          ExpressionAttributeValues: {
            ':pk': KEY.auditHead('x').pk,
            ':prefix': SK_PREFIX.auditHead,
          },
          ConsistentRead: true,
        });
        return items.map(decodeAuditHead);
      }),

    putDigest: (digest) =>
      withStoreErrors('auditPutDigest', async () => {
        try {
          await ctx.doc.send(
            new PutCommand({
              TableName: ctx.tableName,
              Item: { ...KEY.auditDigest(digest.day), entity: ENTITY.auditDigest, data: digest },
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': ATTR.pk },
            }),
          );
          return true;
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return false;
          throw error;
        }
      }),

    digests: () =>
      withStoreErrors('auditDigests', async () => {
        const items = await queryAll(ctx, {
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': ATTR.pk, '#sk': ATTR.sk },
          ExpressionAttributeValues: {
            ':pk': KEY.auditDigest('x').pk,
            ':prefix': SK_PREFIX.auditDigest,
          },
          ConsistentRead: true,
        });
        return items.map((item) => decodeData(item, ENTITY.auditDigest, DIGEST_SHAPE));
      }),
  };
}

/** The audit trail on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoAuditTrail(settings: DynamoSettings): AuditTrail {
  return createAuditTrail(storeContextFor(settings));
}
