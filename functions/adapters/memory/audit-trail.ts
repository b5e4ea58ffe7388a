/**
 * The audit trail in memory: entries keyed by party and seq, one head per party, one
 * digest per day. An append is one transaction of new entries and the head moved from
 * the seq it was read at — the same items, under the same conditions, as the DynamoDB
 * adapter's (`audit-items.ts`), so two appends that read one head cannot both commit.
 */
import {
  type AuditEntry,
  type AuditEvent,
  type AuditHead,
  chainAuditEvents,
} from '../../core/audit/audit-entry.js';
import type { SignedAuditDigest } from '../../core/audit/digest.js';
import { AuditHeadMovedError, type AuditTrail } from '../../core/ports/audit-trail.js';
import { putNew } from './items.js';
import type { MemoryDb, MemoryTxItem } from './memory-db.js';

const SEQ_DIGITS = 12;

/** The key of one entry: party, then seq as a fixed-width string, so keys sort by seq. */
export const auditEntryKey = (partyId: string, seq: number) =>
  `${partyId}#${String(seq).padStart(SEQ_DIGITS, '0')}`;

/**
 * The transaction items that link `events` onto the heads stored now (read inside the
 * same `db.run`), and the entries they write. Events of several parties are grouped
 * per party, keeping their order.
 */
export function auditAppendItems(
  db: MemoryDb,
  events: readonly AuditEvent[],
): { items: MemoryTxItem[]; entries: AuditEntry[] } {
  const byParty = new Map<string, AuditEvent[]>();
  for (const event of events) {
    byParty.set(event.partyId, [...(byParty.get(event.partyId) ?? []), event]);
  }
  const items: MemoryTxItem[] = [];
  const entries: AuditEntry[] = [];
  for (const [partyId, partyEvents] of byParty) {
    const expected = db.get<AuditHead>('auditHeads', partyId);
    const chained = chainAuditEvents(expected, partyEvents);
    for (const entry of chained.entries) {
      entries.push(entry);
      items.push(
        putNew(
          `audit:${partyId}#${entry.seq}`,
          'auditEntries',
          auditEntryKey(partyId, entry.seq),
          entry,
        ),
      );
    }
    const head = chained.head;
    if (!head) continue;
    items.push({
      name: `audit-head:${partyId}`,
      table: 'auditHeads',
      key: partyId,
      condition: (current) =>
        expected === undefined
          ? current === undefined
          : (current as AuditHead | undefined)?.seq === expected.seq,
      write: () => head,
    });
  }
  return { items, entries };
}

function entriesOf(db: MemoryDb, partyId: string): AuditEntry[] {
  const prefix = `${partyId}#`;
  return [...db.tables.auditEntries.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .map(([, value]) => value as AuditEntry)
    .sort((a, b) => a.seq - b.seq);
}

export function createMemoryAuditTrail(db: MemoryDb): AuditTrail {
  return {
    head: (partyId) => db.run(() => db.get<AuditHead>('auditHeads', partyId)),
    append: (events) =>
      db.run(() => {
        if (events.length === 0) return [];
        const { items, entries } = auditAppendItems(db, events);
        // Heads are read and written in one step here, so no other append can move them between.
        const outcome = db.transact(items);
        if (!outcome.committed) throw new AuditHeadMovedError(events[0]?.partyId ?? '');
        return entries;
      }),
    entries: (partyId, fromSeq, limit) =>
      db.run(() =>
        entriesOf(db, partyId)
          .filter((e) => e.seq >= fromSeq)
          .slice(0, limit),
      ),
    entriesBetween: (partyId, start, end) =>
      db.run(() => {
        const [from, to] = [Date.parse(start), Date.parse(end)];
        return entriesOf(db, partyId).filter((e) => {
          const at = Date.parse(e.at);
          return at >= from && at < to;
        });
      }),
    heads: () => db.run(() => db.values<AuditHead>('auditHeads')),
    putDigest: (digest) =>
      db.run(() => db.transact([putNew('digest', 'auditDigests', digest.day, digest)]).committed),
    digests: () =>
      db.run(() =>
        db
          .values<SignedAuditDigest>('auditDigests')
          .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)),
      ),
  };
}
