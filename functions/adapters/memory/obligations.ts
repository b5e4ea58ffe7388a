/** Obligations in memory: the sweep's reads and guarded transitions, and the listings. */
import type { Obligation } from '../../core/clocks/obligations.js';
import type {
  ObligationFilter,
  ObligationStore,
  ObligationTransition,
} from '../../core/ports/obligations.js';
import { incidentChecks, obligationKey, putDelivery } from './items.js';
import { type MemoryDb, MemoryStoreError } from './memory-db.js';
import { firstOf, pageOf, sortable, sortableBound } from './paging.js';

const byDue = (o: Obligation) => `${sortable(o.dueAt)}#${o.subjectId}#${o.id}`;

function transitionOpen(db: MemoryDb, change: ObligationTransition): boolean {
  const { next, expected, deliveries } = change;
  if (next.id !== expected.id || next.subjectId !== expected.subjectId) {
    throw new MemoryStoreError(`transitionOpen: ${next.id} is not ${expected.id}`);
  }
  const outcome = db.transact([
    {
      name: 'obligation',
      table: 'obligations',
      key: obligationKey(next),
      // Still open with the reminder we saw: of two sweeps, only the first passes this.
      condition: (current) => {
        const stored = current as Obligation | undefined;
        return stored?.state === 'open' && stored.remindAt === expected.remindAt;
      },
      write: () => next,
    },
    // A reminder leaves the incident's misses as they are; only a state change touches the incident.
    ...(next.state === 'open' ? [] : incidentChecks([next])),
    ...deliveries.map(putDelivery),
  ]);
  if (outcome.committed) return true;
  if (outcome.failed.has('obligation')) return false;
  throw new MemoryStoreError(`transitionOpen of ${next.id}: incident ${next.subjectId} is missing`);
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
      db.run(() => transitionOpen(db, { next, expected, deliveries })),
    transitionOpenMany: async (changes) => {
      const results: PromiseSettledResult<boolean>[] = [];
      for (const change of changes) {
        try {
          results.push({
            status: 'fulfilled',
            value: await db.run(() => transitionOpen(db, change)),
          });
        } catch (reason) {
          results.push({ status: 'rejected', reason });
        }
      }
      return results;
    },
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
