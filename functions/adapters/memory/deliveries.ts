/**
 * Deliveries in memory: the outbox (a due index: new ones by creation, scheduled retries
 * by their next attempt), attempts, acks (set once), the give-up path and redrives.
 * The DynamoDB adapter's sparse indexes are derived here from the record's fields.
 */
import { redriven } from '../../core/delivery/redrive.js';
import { NotFoundError } from '../../core/errors.js';
import { AuditHeadMovedError } from '../../core/ports/audit-trail.js';
import type { DeliveryStore } from '../../core/ports/deliveries.js';
import type { DeliveryRecord } from '../../core/ports/records.js';
import { ITEM } from '../transactions.js';
import { auditAppendItems } from './audit-trail.js';
import { obligationWrites, putDelivery, writeItems } from './items.js';
import { type MemoryDb, MemoryStoreError } from './memory-db.js';
import { firstOf, pageOf, sortable } from './paging.js';

const byCreated = (d: DeliveryRecord) => `${sortable(d.createdAt)}#${d.id}`;
/** When a delivery in the outbox is due: its scheduled retry, else its creation. */
const dueAt = (d: DeliveryRecord) => sortable(d.nextAttemptAt ?? d.createdAt);
const byDue = (d: DeliveryRecord) => `${dueAt(d)}#${d.id}`;
/** Its last attempt failed: failed, or waiting for a retry. */
const undelivered = (d: DeliveryRecord) =>
  d.status === 'failed' || (d.status === 'pending' && d.nextAttemptAt !== undefined);

export function createMemoryDeliveryStore(db: MemoryDb): DeliveryStore {
  return {
    getDelivery: (id) => db.run(() => db.get<DeliveryRecord>('deliveries', id)),
    listUnqueued: (until, limit) =>
      db.run(() => {
        const bound = sortable(until);
        const waiting = db
          .values<DeliveryRecord>('deliveries')
          .filter((d) => !d.queued && dueAt(d) <= bound);
        return firstOf(waiting, byDue, limit);
      }),
    markQueued: (ids, at) =>
      db.run(() => {
        const bound = sortable(at);
        // Unknown ids are skipped: marking is a hint to the relay. One a worker put back
        // in the outbox for later since it was handed over stays there.
        for (const id of new Set(ids)) {
          const delivery = db.get<DeliveryRecord>('deliveries', id);
          if (delivery === undefined || (!delivery.queued && dueAt(delivery) > bound)) continue;
          delivery.queued = true;
        }
      }),
    recordAttempt: (record, outcome, audit = []) =>
      db.run(() => {
        const delivery = db.get<DeliveryRecord>('deliveries', record.id);
        if (delivery === undefined) throw new NotFoundError(`Delivery ${record.id}`);
        // The entry first: one step, so it and the outcome below land together or not at all.
        if (audit.length > 0) {
          const appended = db.transact(auditAppendItems(db, audit).items);
          if (!appended.committed) throw new AuditHeadMovedError(record.partyId);
        }
        delivery.status = outcome.status;
        delivery.attempts = outcome.attempts;
        if (outcome.status === 'delivered') {
          delivery.deliveredAt = outcome.at;
          delete delivery.nextAttemptAt;
        }
        if (outcome.error !== undefined) delivery.lastError = outcome.error;
        if (outcome.sentSha256 !== undefined) delivery.sentSha256 = outcome.sentSha256;
        if (outcome.status === 'pending' && outcome.nextAttemptAt !== undefined) {
          delivery.nextAttemptAt = outcome.nextAttemptAt;
          if (outcome.retryVia === 'outbox') delivery.queued = false;
        }
      }),
    saveAcknowledgement: (delivery, satisfied, audit = []) =>
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
          ...auditAppendItems(db, audit).items,
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
    saveDeliveryOnce: (delivery, audit = []) =>
      db.runAsync(async () => {
        const result = await writeItems(db, `saveDeliveryOnce ${delivery.id}`, () => [
          {
            ...putDelivery(delivery),
            role: { kind: 'once', what: `Delivery ${delivery.id}` },
          },
          ...auditAppendItems(db, audit).items,
        ]);
        return result === 'written';
      }),
    failDelivery: (record, attempt, escalations, audit = []) =>
      db.runAsync(async () => {
        const { id } = record;
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
            write: (current) => {
              const { nextAttemptAt: _done, ...rest } = current as DeliveryRecord;
              return {
                ...rest,
                status: 'failed',
                attempts: attempt.attempts,
                lastError: attempt.error,
              };
            },
          },
          ...escalations.map(putDelivery),
          ...auditAppendItems(db, audit).items,
        ]);
        return result === 'written';
      }),
    listUndelivered: (partyId, limit) =>
      db.run(() =>
        firstOf(
          db
            .values<DeliveryRecord>('deliveries')
            .filter((d) => d.partyId === partyId && undelivered(d)),
          byCreated,
          limit,
        ),
      ),
    redrive: (deliveries, at) =>
      db.run(() => {
        const done: DeliveryRecord[] = [];
        for (const expected of deliveries) {
          const next = redriven(expected, at);
          if (next === undefined) continue;
          const outcome = db.transact([
            {
              name: 'redrive',
              table: 'deliveries',
              key: expected.id,
              condition: (current) => {
                const stored = current as DeliveryRecord | undefined;
                return (
                  stored !== undefined &&
                  stored.status === expected.status &&
                  stored.attempts === expected.attempts &&
                  stored.queued === expected.queued
                );
              },
              write: (current) => {
                const stored = current as DeliveryRecord;
                return {
                  ...stored,
                  status: next.status,
                  queued: next.queued,
                  ...(next.nextAttemptAt === undefined
                    ? {}
                    : { nextAttemptAt: next.nextAttemptAt }),
                  ...(next.redrivenAt === undefined ? {} : { redrivenAt: next.redrivenAt }),
                  ...(next.attemptsBeforeRedrive === undefined
                    ? {}
                    : { attemptsBeforeRedrive: next.attemptsBeforeRedrive }),
                };
              },
            },
          ]);
          if (outcome.committed) done.push(next);
        }
        return done;
      }),
  };
}
