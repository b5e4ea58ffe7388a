/**
 * How audit entries, chain heads and digests are stored, and the transaction items
 * that append to a chain — shared by the audit trail itself and by every write that
 * records itself in the same transaction (a block, an unblock).
 *
 * An append is: one Put per entry that must not exist yet, and the head moved from the
 * seq it was read at (or created, for an empty chain). Two appends that read the same
 * head cannot both commit, so a chain never forks.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditEntry,
  type AuditEvent,
  type AuditHead,
  chainAuditEvents,
} from '../../core/audit/audit-entry.js';
import type { StoreContext } from './context.js';
import { ENTITY, KEY, PARTITION, sortableInstant } from './keys.js';
import { decodeData, isNumber, isString, type Shape } from './shape.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

export const AUDIT_ENTRY_SHAPE: Shape<AuditEntry> = {
  partyId: isString,
  seq: isNumber,
  at: isString,
  startedAt: isString,
  connectionPoint: isString,
  userId: isString,
  source: isString,
  action: isString,
  outcome: isString,
  subjectId: isString,
  sha256: isString,
  description: isString,
  prevHash: isString,
  hash: isString,
};

export const AUDIT_HEAD_SHAPE: Shape<AuditHead> = {
  partyId: isString,
  seq: isNumber,
  hash: isString,
  at: isString,
};

export function decodeAuditEntry(item: unknown): AuditEntry {
  return decodeData(item, ENTITY.auditEntry, AUDIT_ENTRY_SHAPE);
}

export function decodeAuditHead(item: unknown): AuditHead {
  return decodeData(item, ENTITY.auditHead, AUDIT_HEAD_SHAPE);
}

/** Reads a party's head (strongly consistent: the next append builds on it). */
export async function readAuditHead(
  ctx: StoreContext,
  partyId: string,
): Promise<AuditHead | undefined> {
  const { Item } = await ctx.doc.send(
    new GetCommand({ TableName: ctx.tableName, Key: KEY.auditHead(partyId), ConsistentRead: true }),
  );
  return Item ? decodeAuditHead(Item) : undefined;
}

/** Reads the heads of the parties named, each once. */
export async function readAuditHeads(
  ctx: StoreContext,
  partyIds: readonly string[],
): Promise<Map<string, AuditHead | undefined>> {
  const unique = [...new Set(partyIds)];
  const heads = await Promise.all(unique.map((id) => readAuditHead(ctx, id)));
  return new Map(unique.map((id, i) => [id, heads[i]]));
}

/**
 * Chains the events onto the heads read and returns the transaction items that write
 * them, plus the entries (for the caller's answer). Events of several parties are
 * grouped per party, keeping their order.
 */
export function auditAppendItems(
  ctx: StoreContext,
  heads: ReadonlyMap<string, AuditHead | undefined>,
  events: readonly AuditEvent[],
): { items: NamedItem[]; entries: AuditEntry[] } {
  const byParty = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const list = byParty.get(event.partyId) ?? [];
    list.push(event);
    byParty.set(event.partyId, list);
  }
  const items: NamedItem[] = [];
  const entries: AuditEntry[] = [];
  for (const [partyId, partyEvents] of byParty) {
    const expected = heads.get(partyId);
    const chained = chainAuditEvents(expected, partyEvents);
    for (const entry of chained.entries) {
      entries.push(entry);
      items.push(
        named(`audit:${partyId}#${entry.seq}`, {
          Put: {
            TableName: ctx.tableName,
            Item: {
              ...KEY.auditEntry(partyId, entry.seq),
              entity: ENTITY.auditEntry,
              data: entry,
              [ATTR.gsi1pk]: PARTITION.auditOf(partyId),
              [ATTR.gsi1sk]: `${sortableInstant(entry.at)}#${String(entry.seq).padStart(12, '0')}`,
            },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': ATTR.pk },
          },
        }),
      );
    }
    const head = chained.head;
    if (!head) continue;
    // Written only if the head is still as read: a failure means another append moved it.
    items.push(
      named(
        auditHeadItem(partyId),
        {
          Put: {
            TableName: ctx.tableName,
            Item: {
              ...KEY.auditHead(partyId),
              entity: ENTITY.auditHead,
              data: head,
              seq: head.seq,
            },
            ...(expected
              ? {
                  ConditionExpression: '#seq = :expected',
                  ExpressionAttributeNames: { '#seq': 'seq' },
                  ExpressionAttributeValues: { ':expected': expected.seq },
                }
              : {
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': ATTR.pk },
                }),
          },
        },
        { kind: 'guard' },
      ),
    );
  }
  return { items, entries };
}

/** The name of a party's head item in a transaction (its failure: the head moved). */
export const auditHeadItem = (partyId: string) => `audit-head:${partyId}`;

/** Attempts of an append whose head moved under it before giving up (503). */
export const AUDIT_APPEND_ATTEMPTS = 8;
