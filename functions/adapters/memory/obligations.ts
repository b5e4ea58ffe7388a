/** Obligations in memory: the sweep's reads and guarded transitions, and the listings. */
import type { Obligation } from '../../core/clocks/obligations.js';
import { DependencyUnavailableError } from '../../core/errors.js';
import type {
  Level2Transition,
  ObligationFilter,
  ObligationStore,
  ObligationTransition,
} from '../../core/ports/obligations.js';
import { ITEM } from '../transactions.js';
import { auditAppendItems } from './audit-trail.js';
import {
  incidentChecks,
  obligationKey,
  obligationWrites,
  putDelivery,
  writeItems,
} from './items.js';
import { type MemoryDb, MemoryStoreError, type MemoryTxItem } from './memory-db.js';
import { firstOf, pageOf, sortable, sortableBound } from './paging.js';

const byDue = (o: Obligation) => `${sortable(o.dueAt)}#${o.subjectId}#${o.id}`;

/** Throws on a malformed change (as DynamoDB does), before any write. */
function checkChange(change: ObligationTransition): void {
  const { next, expected } = change;
  if (next.id !== expected.id || next.subjectId !== expected.subjectId) {
    throw new MemoryStoreError(`transitionOpen: ${next.id} is not ${expected.id}`);
  }
}

/** The obligation's new state, written only if it is still open with the reminder we saw. */
function guardedTransition(change: ObligationTransition): MemoryTxItem {
  const { next, expected } = change;
  return {
    name: ITEM.obligation(next),
    table: 'obligations',
    key: obligationKey(next),
    // Still open with the reminder we saw: of two sweeps, only the first passes this.
    condition: (current) => {
      const stored = current as Obligation | undefined;
      return stored?.state === 'open' && stored.remindAt === expected.remindAt;
    },
    write: () => next,
  };
}

async function transitionOpen(db: MemoryDb, change: ObligationTransition): Promise<boolean> {
  checkChange(change);
  const { next, deliveries } = change;
  const result = await writeItems(db, `transitionOpen of ${next.id}`, () => [
    // Another sweep got there first: not ours to write, and no error.
    { ...guardedTransition(change), role: { kind: 'once', what: next.id } },
    // A reminder leaves the incident's misses as they are; only a state change touches the incident.
    ...(next.state === 'open' ? [] : incidentChecks([next])),
    ...deliveries.map(putDelivery),
    ...auditAppendItems(db, change.audit === undefined ? [] : [change.audit]).items,
  ]);
  return result === 'written';
}

/**
 * The sweep's transitions in one transaction, as on DynamoDB (`dynamodb/obligations.ts`):
 * committed, all are won; cancelled by a condition, each is settled on its own; the store
 * unavailable, nothing was written and every transition is reported failed with the
 * outage, so the sweep's run fails and the next one retries.
 */
async function transitionOpenMany(
  db: MemoryDb,
  changes: readonly ObligationTransition[],
): Promise<PromiseSettledResult<boolean>[]> {
  if (changes.length === 0) return [];
  let committed: boolean;
  try {
    committed = await db.run(() => {
      for (const change of changes) checkChange(change);
      const ids = new Set(changes.map((c) => obligationKey(c.next)));
      if (ids.size !== changes.length) return false;
      return db.transact([
        ...changes.map(guardedTransition),
        ...incidentChecks(changes.map((c) => c.next).filter((o) => o.state !== 'open')),
        ...changes.flatMap((c) => c.deliveries.map(putDelivery)),
        ...auditAppendItems(
          db,
          changes.flatMap((c) => (c.audit === undefined ? [] : [c.audit])),
        ).items,
      ]).committed;
    });
  } catch (error) {
    if (error instanceof DependencyUnavailableError) {
      return changes.map(() => ({ status: 'rejected', reason: error }));
    }
    committed = false;
  }
  if (committed) return changes.map(() => ({ status: 'fulfilled', value: true }));
  return Promise.allSettled(changes.map((change) => db.runAsync(() => transitionOpen(db, change))));
}

/** Level 2 settled with its deliveries, only if still missed with the level-2 due time read. */
async function transitionLevel2(db: MemoryDb, change: Level2Transition): Promise<boolean> {
  const { next, expected, deliveries, audit } = change;
  const dueAt = expected.escalation?.level2DueAt;
  if (next.id !== expected.id || next.subjectId !== expected.subjectId || dueAt === undefined) {
    throw new MemoryStoreError(
      `transitionLevel2: ${next.id} is not a pending level 2 of ${expected.id}`,
    );
  }
  const result = await writeItems(db, `transitionLevel2 of ${next.id}`, () => [
    {
      name: ITEM.obligation(next),
      role: { kind: 'once', what: next.id },
      table: 'obligations',
      key: obligationKey(next),
      condition: (current) => {
        const stored = current as Obligation | undefined;
        return stored?.state === 'missed' && stored.escalation?.level2DueAt === dueAt;
      },
      write: () => next,
    },
    ...deliveries.map(putDelivery),
    ...auditAppendItems(db, [audit]).items,
  ]);
  return result === 'written';
}

function matches(o: Obligation, filter: ObligationFilter, from?: string, to?: string): boolean {
  if (filter.owedBy !== undefined && o.owedBy !== filter.owedBy) return false;
  if (filter.state !== undefined && o.state !== filter.state) return false;
  const due = sortable(o.dueAt);
  if (from !== undefined && due < from) return false;
  if (to !== undefined && due > to) return false;
  return true;
}

function listingOf(filter: ObligationFilter): string {
  if (filter.owedBy !== undefined) return `obligations:${filter.owedBy}`;
  return filter.state === 'open' ? 'obligations-due' : 'obligations';
}

export function createMemoryObligationStore(db: MemoryDb): ObligationStore {
  return {
    listDue: (until, limit) =>
      db.run(() => {
        const bound = sortable(until);
        const open = db
          .values<Obligation>('obligations')
          .filter((o) => o.state === 'open' && sortable(o.dueAt) <= bound);
        return firstOf(open, byDue, limit);
      }),
    listRemindersDue: (until, limit) =>
      db.run(() => {
        const bound = sortable(until);
        const pending = db
          .values<Obligation>('obligations')
          .filter(
            (o) => o.state === 'open' && o.remindAt !== undefined && sortable(o.remindAt) <= bound,
          );
        return firstOf(
          pending,
          (o) => `${sortable(o.remindAt ?? '')}#${o.subjectId}#${o.id}`,
          limit,
        );
      }),
    transitionOpen: (next, expected, deliveries) =>
      db.runAsync(() => transitionOpen(db, { next, expected, deliveries })),
    transitionOpenMany: (changes) => transitionOpenMany(db, changes),
    listLevel2Due: (until, limit) =>
      db.run(() => {
        const bound = sortable(until);
        const pending = db.values<Obligation>('obligations').filter((o) => {
          const due = o.escalation?.level2DueAt;
          return o.state === 'missed' && due !== undefined && sortable(due) <= bound;
        });
        return firstOf(
          pending,
          (o) => `${sortable(o.escalation?.level2DueAt ?? '')}#${o.subjectId}#${o.id}`,
          limit,
        );
      }),
    transitionLevel2Many: (changes) =>
      Promise.allSettled(changes.map((c) => db.runAsync(() => transitionLevel2(db, c)))),
    saveWaiver: (change, audit) =>
      db.runAsync(async () => {
        await writeItems(db, `waiver of ${change.next.id}`, () => [
          ...obligationWrites([change]),
          ...auditAppendItems(db, [audit]).items,
        ]);
      }),
    listObligations: (filter, page) =>
      db.run(() => {
        const from =
          filter.dueFrom === undefined ? undefined : sortableBound(filter.dueFrom, 'dueFrom');
        const to = filter.dueTo === undefined ? undefined : sortableBound(filter.dueTo, 'dueTo');
        return pageOf(
          db.values<Obligation>('obligations').filter((o) => matches(o, filter, from, to)),
          byDue,
          { listing: listingOf(filter) },
          page,
        );
      }),
    obligationsOf: (subjectId) =>
      db.run(() =>
        db
          .values<Obligation>('obligations')
          .filter((o) => o.subjectId === subjectId)
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      ),
  };
}
