/**
 * Moves audit items written before the audit table existed — entries (with their old gsi1
 * keys), heads and digests in the item table — into the audit table, and writes the day
 * markers those old chains never had (audit-days.ts), so a day written before the upgrade
 * verifies and exports exactly as before and new appends chain onto the old head.
 *
 * Idempotent and safe to stop at any point: every item is first copied (a conditional Put:
 * an existing copy is compared, never overwritten), and only once every item of a chain
 * is in the audit table are the old ones deleted — the head last, so a rerun finds any
 * chain not yet finished by its old head. A copy that differs from what the audit table
 * already holds (a chain begun afresh there before the move) is a conflict: reported, and
 * that chain's old items are left where they are.
 *
 * Reads no index and scans nothing: old chains are found by their heads (one partition),
 * old digests in theirs. With nothing to move it costs two queries, so the local runtime
 * runs it at every start; on AWS it is `npm run audit:migrate` (docs/deploy.md).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { auditDayItems, chainDays } from './audit-days.js';
import { decodeAuditEntry, decodeAuditHead } from './audit-items.js';
import type { StoreContext } from './context.js';
import { ENTITY, type ItemKey, KEY, SK_PREFIX } from './keys.js';
import { ATTR } from './table-definition.js';

export interface AuditMigrationReport {
  /** Chains moved (or finished moving) by this run. */
  chains: number;
  entries: number;
  digests: number;
  /** Items whose copy differs from what the audit table holds; their chains were not moved. */
  conflicts: string[];
}

type Item = Record<string, unknown>;

async function queryAll(ctx: StoreContext, tableName: string, pk: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const keyOf = (item: Item): ItemKey => ({ pk: String(item.pk), sk: String(item.sk) });
const describe = (item: Item) => `${String(item.pk)}/${String(item.sk)}`;

/**
 * Copies `item` into the audit table unless an item is there; then true if what is there
 * is the same record (`same` decides), false if it differs.
 */
async function copy(
  ctx: StoreContext,
  item: Item,
  same: (existing: Item) => boolean,
): Promise<boolean> {
  try {
    await ctx.doc.send(
      new PutCommand({
        TableName: ctx.auditTableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item: existing } = await ctx.doc.send(
      new GetCommand({ TableName: ctx.auditTableName, Key: keyOf(item), ConsistentRead: true }),
    );
    return existing !== undefined && same(existing);
  }
}

const hashOf = (item: Item) => (item.data as { hash?: unknown } | undefined)?.hash;

/** Deletes the old items from the item table, 25 at a time (BatchWrite retries the rest). */
async function deleteOld(ctx: StoreContext, keys: readonly ItemKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error(`Could not delete ${requests.length} old audit items.`);
      const { UnprocessedItems } = await ctx.doc.send(
        new BatchWriteCommand({ RequestItems: { [ctx.tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[ctx.tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width)
    results.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return results;
}

/** Moves one party's old chain; returns the conflicts (none: moved and deleted). */
async function moveChain(
  ctx: StoreContext,
  oldHead: Item,
): Promise<{ entries: number; conflicts: string[] }> {
  const head = decodeAuditHead(oldHead);
  const oldEntries = await queryAll(ctx, ctx.tableName, KEY.auditEntry(head.partyId, 0).pk);
  const entries = oldEntries.map(decodeAuditEntry).sort((a, b) => a.seq - b.seq);
  const conflicts: string[] = [];

  // Entries as new appends write them: no index keys.
  const copied = await inBatches(entries, 16, (entry) =>
    copy(
      ctx,
      { ...KEY.auditEntry(head.partyId, entry.seq), entity: ENTITY.auditEntry, data: entry },
      (existing) => hashOf(existing) === entry.hash,
    ),
  );
  copied.forEach((ok, i) => {
    if (!ok) conflicts.push(describe(oldEntries[i] ?? {}));
  });

  // The markers an append would have written for these entries, each day's first seq
  // lowered to the old one if the audit table already has a later first for that day.
  const days = chainDays(undefined, entries);
  for (const item of auditDayItems(ctx, head.partyId, days)) {
    const marker = item.Put?.Item;
    if (marker === undefined) continue;
    if (marker.entity === ENTITY.auditDay) {
      const seq = marker.seq;
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.auditTableName,
            Key: keyOf(marker),
            UpdateExpression: 'SET #entity = :entity, #seq = :seq',
            ConditionExpression: 'attribute_not_exists(#seq) OR #seq > :seq',
            ExpressionAttributeNames: { '#entity': 'entity', '#seq': 'seq' },
            ExpressionAttributeValues: { ':entity': ENTITY.auditDay, ':seq': seq },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    } else {
      await ctx.doc.send(new PutCommand({ TableName: ctx.auditTableName, Item: marker }));
    }
  }

  const headCopied = await copy(
    ctx,
    {
      ...KEY.auditHead(head.partyId),
      entity: ENTITY.auditHead,
      data: head,
      seq: head.seq,
      day: days.day,
    },
    // A head already moved; or one new appends have since moved on from it.
    (existing) =>
      (existing.seq === head.seq && hashOf(existing) === head.hash) ||
      (typeof existing.seq === 'number' && existing.seq > head.seq && conflicts.length === 0),
  );
  if (!headCopied) conflicts.push(describe(oldHead));
  if (conflicts.length > 0) return { entries: 0, conflicts };

  await deleteOld(ctx, oldEntries.map(keyOf));
  await deleteOld(ctx, [keyOf(oldHead)]);
  return { entries: entries.length, conflicts };
}

/** Moves every old audit item of the item table into the audit table (see the header). */
export async function migrateLegacyAudit(ctx: StoreContext): Promise<AuditMigrationReport> {
  const report: AuditMigrationReport = { chains: 0, entries: 0, digests: 0, conflicts: [] };
  const oldHeads = (await queryAll(ctx, ctx.tableName, KEY.auditHead('x').pk)).filter((item) =>
    String(item.sk).startsWith(SK_PREFIX.auditHead),
  );
  for (const oldHead of oldHeads) {
    const moved = await moveChain(ctx, oldHead);
    report.conflicts.push(...moved.conflicts);
    if (moved.conflicts.length === 0) {
      report.chains += 1;
      report.entries += moved.entries;
    }
  }

  const oldDigests = (await queryAll(ctx, ctx.tableName, KEY.auditDigest('x').pk)).filter(
    (item) => item.entity === ENTITY.auditDigest,
  );
  const digestsCopied = await inBatches(oldDigests, 16, (digest) =>
    copy(
      ctx,
      digest,
      (existing) =>
        (existing.data as { signature?: unknown } | undefined)?.signature ===
        (digest.data as { signature?: unknown } | undefined)?.signature,
    ),
  );
  const movedDigests = oldDigests.filter((_d, i) => digestsCopied[i]);
  for (const [i, digest] of oldDigests.entries())
    if (!digestsCopied[i]) report.conflicts.push(describe(digest));
  await deleteOld(ctx, movedDigests.map(keyOf));
  report.digests = movedDigests.length;
  return report;
}
