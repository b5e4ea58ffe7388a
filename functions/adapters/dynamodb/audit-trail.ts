/**
 * The audit trail in the audit table of its own (`ctx.auditTableName`: no indexes, no other
 * items; table-definition.ts; keys in keys.ts): entries under `AUDIT#<party>`
 * by seq, each national day's first seq and late entries under `AUDITDAYS#<party>`
 * (audit-days.ts: no index by time), heads in one `AUDITHEADS` partition, digests in
 * `AUDITDIGESTS`. Entries carry no TTL: they never expire (002 п.38).
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditEvent } from '../../core/audit/audit-entry.js';
import type { SignedAuditDigest } from '../../core/audit/digest.js';
import { AuditHeadMovedError, type AuditTrail } from '../../core/ports/audit-trail.js';
import { nationalDateOf } from '../../core/time.js';
import {
  AUDIT_APPEND_ATTEMPTS,
  auditAppendItems,
  decodeAuditEntry,
  decodeAuditHead,
  readAuditHead,
  readAuditHeads,
} from './audit-items.js';
import type { StoreContext } from './context.js';
import { DynamoStoreError, withStoreErrors } from './errors.js';
import { ENTITY, KEY, SK_PREFIX } from './keys.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { arrayOf, decodeData, isAnything, isString, type Shape } from './shape.js';
import { ATTR } from './table-definition.js';
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
      new QueryCommand({ TableName: ctx.auditTableName, ...input, ExclusiveStartKey: startKey }),
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

function seqOf(item: Record<string, unknown>, entity: string): number {
  if (item.entity !== entity || typeof item.seq !== 'number') {
    throw new DynamoStoreError(
      `Expected a stored ${entity}; found ${String(item.pk)}/${String(item.sk)}`,
    );
  }
  return item.seq;
}

/** The key condition of a party's day markers with sort keys in [from, to]. */
function markers(partyId: string, from: string, to: string): Omit<QueryCommandInput, 'TableName'> {
  return {
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#pk': ATTR.pk, '#sk': ATTR.sk },
    ExpressionAttributeValues: { ':pk': KEY.auditDay(partyId, '').pk, ':from': from, ':to': to },
    ConsistentRead: true,
  };
}

/** A party's entries with seq in [from, to] (to: unbounded when undefined), ascending. */
async function entriesInSeqRange(
  ctx: StoreContext,
  partyId: string,
  from: number,
  to: number | undefined,
): Promise<AuditEntry[]> {
  const items = await queryAll(ctx, {
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#pk': ATTR.pk, '#sk': ATTR.sk },
    ExpressionAttributeValues: {
      ':pk': KEY.auditEntry(partyId, 0).pk,
      ':from': KEY.auditEntry(partyId, from).sk,
      // `:` sorts after every digit: to the end of the chain.
      ':to': to === undefined ? `${SK_PREFIX.auditEntry}:` : KEY.auditEntry(partyId, to).sk,
    },
    ConsistentRead: true,
  });
  return items.map(decodeAuditEntry);
}

/**
 * A party's entries whose `at` lies in [start, end), ascending by seq: the seq range from
 * the first marked day of the window to the next marked day after it, and the window's
 * late entries, filtered by time. Reads the base table only, strongly consistent.
 */
async function entriesBetween(
  ctx: StoreContext,
  partyId: string,
  start: string,
  end: string,
): Promise<AuditEntry[]> {
  const [from, to] = [Date.parse(start), Date.parse(end)];
  if (!(from < to)) return [];
  const firstDay = nationalDateOf(from);
  const lastDay = nationalDateOf(to - 1);
  const day = (d: string) => KEY.auditDay(partyId, d).sk;
  const late = (d: string) => `${SK_PREFIX.auditLateEntry}${d}#`;
  // `#` ends a day in a sort key and sorts before every digit, `$` right after `#`.
  const [firsts, after, lates] = await Promise.all([
    queryAll(ctx, markers(partyId, day(firstDay), day(lastDay))),
    ctx.doc.send(
      new QueryCommand({
        TableName: ctx.auditTableName,
        ...markers(partyId, `${day(lastDay)}#`, `${SK_PREFIX.auditDay.slice(0, -1)}$`),
        Limit: 1,
      }),
    ),
    queryAll(ctx, markers(partyId, late(firstDay), `${late(lastDay).slice(0, -1)}$`)),
  ]);
  const firstSeqs = firsts.map((item) => seqOf(item, ENTITY.auditDay));
  const next = after.Items?.[0];
  const inOrder =
    firstSeqs.length === 0
      ? []
      : await entriesInSeqRange(
          ctx,
          partyId,
          Math.min(...firstSeqs),
          next === undefined ? undefined : seqOf(next, ENTITY.auditDay) - 1,
        );
  const seen = new Set(inOrder.map((e) => e.seq));
  const lateSeqs = lates
    .map((item) => seqOf(item, ENTITY.auditLateEntry))
    .filter((s) => !seen.has(s));
  const lateEntries = (
    await Promise.all(lateSeqs.map((seq) => entriesInSeqRange(ctx, partyId, seq, seq)))
  ).flat();
  return [...inOrder, ...lateEntries]
    .filter((e) => {
      const at = Date.parse(e.at);
      return at >= from && at < to;
    })
    .sort((a, b) => a.seq - b.seq);
}

export function createAuditTrail(ctx: StoreContext): AuditTrail {
  return {
    head: (partyId) => withStoreErrors('auditHead', () => readAuditHead(ctx, partyId)),

    append: (events) => withStoreErrors('auditAppend', () => appendAuditEvents(ctx, events)),

    entries: (partyId, fromSeq, limit) =>
      withStoreErrors('auditEntries', async () => {
        const { Items } = await ctx.doc.send(
          new QueryCommand({
            TableName: ctx.auditTableName,
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
      withStoreErrors('auditEntriesBetween', () => entriesBetween(ctx, partyId, start, end)),

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
              TableName: ctx.auditTableName,
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
