/** Deliveries in memory: the outbox, attempts, acks (set once) and the give-up path. */
import { NotFoundError } from '../../core/errors.js';
import type { DeliveryStore } from '../../core/ports/deliveries.js';
import type { DeliveryRecord } from '../../core/ports/records.js';
import { ITEM } from '../transactions.js';
import { obligationWrites, putDelivery, writeItems } from './items.js';
import { type MemoryDb, MemoryStoreError } from './memory-db.js';
import { firstOf, pageOf, sortable } from './paging.js';

const byCreated = (d: DeliveryRecord) => `${sortable(d.createdAt)}#${d.id}`;

export function createMemoryDeliveryStore(db: MemoryDb): DeliveryStore {
  return {
    getDelivery: (id) => db.run(() => db.get<DeliveryRecord>('deliveries', id)),
    listUnqueued: (until, limit) =>
      db.run(() => {
        const bound = sortable(until);
        const waiting = db
          .values<DeliveryRecord>('deliveries')
          .filter((d) => !d.queued && sortable(d.createdAt) <= bound);
        return firstOf(waiting, byCreated, limit);
      }),
    markQueued: (ids) =>
      db.run(() => {
        // Unknown ids are skipped: marking is a hint to the relay.
        for (const id of new Set(ids)) {
          const delivery = db.get<DeliveryRecord>('deliveries', id);
          if (delivery !== undefined) delivery.queued = true;
        }
      }),
    recordAttempt: (id, outcome) =>
      db.run(() => {
        const delivery = db.get<DeliveryRecord>('deliveries', id);
        if (delivery === undefined) throw new NotFoundError(`Delivery ${id}`);
        delivery.status = outcome.status;
        delivery.attempts = outcome.attempts;
        if (outcome.status === 'delivered') delivery.deliveredAt = outcome.at;
        if (outcome.error !== undefined) delivery.lastError = outcome.error;
      }),
    saveAcknowledgement: (delivery, satisfied) =>
      db.runAsync(async () => {
        const { acknowledgedAt } = delivery;
        if (acknowledgedAt === undefined) {
          throw new MemoryStoreError(
            `saveAcknowledgement: delivery ${delivery.id} has no acknowledgedAt`,
          );
        }
        const what = `Delivery ${delivery.id}`;
        await writeItems(db, `Obligations of ${delivery.subjectId}`, () => [
          {
            name: ITEM.ack,
            // Already acknowledged: the first ack stands and this one changes nothing.
            role: {
              kind: 'once',
              what,
              exists: async () => db.get('deliveries', delivery.id) !== undefined,
            },
            table: 'deliveries',
            key: delivery.id,
            condition: (current) =>
              current !== undefined && (current as DeliveryRecord).acknowledgedAt === undefined,
            write: (current) => ({ ...(current as DeliveryRecord), acknowledgedAt }),
          },
          ...obligationWrites(satisfied),
        ]);
      }),
    listDeliveries: (partyId, page) =>
      db.run(() =>
        pageOf(
          db.values<DeliveryRecord>('deliveries').filter((d) => d.partyId === partyId),
          byCreated,
          { listing: `deliveries:${partyId}`, descending: true },
          page,
        ),
      ),
    failDelivery: (id, attempt, escalations) =>
      db.runAsync(async () => {
        const result = await writeItems(db, `failDelivery ${id}`, () => [
          {
            name: ITEM.fail,
            // Failed before: a redelivered message, and a no-op.
            role: {
              kind: 'once',
              what: `Delivery ${id}`,
              exists: async () => db.get('deliveries', id) !== undefined,
            },
            table: 'deliveries',
            key: id,
            condition: (current) =>
              current !== undefined && (current as DeliveryRecord).status !== 'failed',
            write: (current) => ({
              ...(current as DeliveryRecord),
              status: 'failed',
              attempts: attempt.attempts,
              lastError: attempt.error,
            }),
          },
          ...escalations.map(putDelivery),
        ]);
        return result === 'written';
      }),
  };
}
