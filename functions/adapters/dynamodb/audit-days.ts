/**
 * Which entries of a party's chain belong to which national day, kept without an index by
 * time (issue #9: the audit append adds at most 20 % to a write; an index entry per audit
 * entry was one write more for every message).
 *
 * The chain head carries the latest national day of any of its entries (`day`). An append
 * whose entry begins a later day records that day's first seq (`DAY#<day>`, once per party
 * and day); an entry whose time lies in an earlier day than the head's — a write that took
 * its time before midnight and committed after another's that took it after — is recorded
 * as late (`LATE#<day>#<seq>`). So the entries of day D are those with seq in
 * [first(D), first(next day with entries)), plus D's late ones, minus the earlier days' late
 * ones that fall in that range: exact, read by key, strongly consistent. Both kinds of
 * marker are written in the append's own transaction; neither is ever changed.
 */
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import { nationalDateOf } from '../../core/time.js';
import type { StoreContext } from './context.js';
import { ENTITY, KEY } from './keys.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

/** The national day (YYYY-MM-DD, UTC+5) an entry's time falls in. */
export const auditDayOf = (at: string): string => nationalDateOf(Date.parse(at));

/** Where appending `entries` after a chain whose latest day is `day` leaves the days. */
export interface ChainDays {
  /** The chain's latest day after the append (undefined only without entries and day). */
  day: string | undefined;
  /** Days begun by this append, with their first seq. */
  firsts: Array<{ day: string; seq: number }>;
  /** Entries whose day is earlier than the chain's latest when they were appended. */
  lates: Array<{ day: string; seq: number }>;
}

/** Follows the chain's latest day through `entries` (one party's, in seq order). */
export function chainDays(day: string | undefined, entries: readonly AuditEntry[]): ChainDays {
  const result: ChainDays = { day, firsts: [], lates: [] };
  for (const entry of entries) {
    const entryDay = auditDayOf(entry.at);
    if (result.day === undefined || entryDay > result.day) {
      result.firsts.push({ day: entryDay, seq: entry.seq });
      result.day = entryDay;
    } else if (entryDay < result.day) {
      result.lates.push({ day: entryDay, seq: entry.seq });
    }
  }
  return result;
}

/**
 * The marker items of an append: Puts only, so functions need no UpdateItem on the audit
 * table (cdk/grants.ts). A day's first seq is written only if the day has no marker yet
 * (`attribute_not_exists`): with the head's day known — every head written since days are
 * kept, and every head the move from the item table wrote (audit-migration.ts) — each
 * day's marker is written exactly once, so the condition never fails in normal work; if it
 * did, the append would fail whole (503), never move a marker.
 */
export function auditDayItems(ctx: StoreContext, partyId: string, days: ChainDays): NamedItem[] {
  return [
    ...days.firsts.map(({ day, seq }) =>
      named(`audit-day:${partyId}#${day}`, {
        Put: {
          TableName: ctx.auditTableName,
          Item: { ...KEY.auditDay(partyId, day), entity: ENTITY.auditDay, seq },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': ATTR.pk },
        },
      }),
    ),
    ...days.lates.map(({ day, seq }) =>
      named(`audit-late:${partyId}#${seq}`, {
        Put: {
          TableName: ctx.auditTableName,
          Item: { ...KEY.auditLateEntry(partyId, day, seq), entity: ENTITY.auditLateEntry, seq },
        },
      }),
    ),
  ];
}
