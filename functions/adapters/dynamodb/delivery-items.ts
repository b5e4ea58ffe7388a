/**
 * How a delivery is stored: one item, listed per recipient on gsi1. While `queued` is
 * false the item also carries the sparse outbox keys, due at its creation or at its
 * next scheduled attempt; it is written in the same transaction as the message that
 * caused it, so an SQS outage delays a delivery but never loses it. Once an attempt
 * has failed, and until one succeeds, it also carries the sparse gsi2 keys of its
 * party's undelivered deliveries (what a redrive reads).
 */
import type { DeliveryRecord } from '../../core/ports/records.js';
import { ITEM } from '../transactions.js';
import type { StoreContext } from './context.js';
import { ENTITY, KEY, PARTITION, sortableInstant } from './keys.js';
import {
  decodeData,
  isAnything,
  isBoolean,
  isNumber,
  isString,
  oneOf,
  optional,
  type Shape,
} from './shape.js';
import { ATTR } from './table-definition.js';
import { type NamedItem, named } from './transact.js';

const DELIVERY_SHAPE: Shape<DeliveryRecord> = {
  id: isString,
  partyId: isString,
  event: oneOf(
    'incident.notified',
    'incident.card',
    'vulnerability.reported',
    'vulnerability.updated',
    'notice.issued',
    'notice.acknowledged',
    'notice.responded',
    'obligation.reminder',
    'obligation.missed',
    'connection.blocked',
    'connection.unblocked',
    'credentials.expiring',
    'report.quarterly',
  ),
  subjectId: isString,
  createdAt: isString,
  payload: isAnything,
  status: oneOf('pending', 'delivered', 'failed'),
  attempts: isNumber,
  queued: isBoolean,
  lastError: optional(isString),
  deliveredAt: optional(isString),
  sentSha256: optional(isString),
  acknowledgedAt: optional(isString),
  ackSatisfies: optional(isString),
  nextAttemptAt: optional(isString),
  redrivenAt: optional(isString),
  attemptsBeforeRedrive: optional(isNumber),
};

/** Reads a stored delivery item. */
export function decodeDelivery(item: unknown): DeliveryRecord {
  return decodeData(item, ENTITY.delivery, DELIVERY_SHAPE);
}

/** The whole item of a new delivery, with the outbox keys while it is not yet queued. */
export function deliveryItem(delivery: DeliveryRecord): Record<string, unknown> {
  const createdAt = sortableInstant(delivery.createdAt);
  return {
    ...KEY.delivery(delivery.id),
    entity: ENTITY.delivery,
    data: delivery,
    [ATTR.gsi1pk]: PARTITION.deliveriesOf(delivery.partyId),
    [ATTR.gsi1sk]: createdAt,
    ...(delivery.queued ? {} : outboxKeys(delivery)),
  };
}

/** The sparse outbox keys: due at the next scheduled attempt, else at creation. */
export function outboxKeys(delivery: DeliveryRecord): Record<string, string> {
  return {
    [ATTR.outboxPk]: PARTITION.outbox,
    [ATTR.outboxAt]: sortableInstant(delivery.nextAttemptAt ?? delivery.createdAt),
  };
}

/** The sparse keys listing a delivery among its party's undelivered ones, oldest first. */
export function undeliveredKeys(delivery: DeliveryRecord): Record<string, string> {
  return {
    [ATTR.gsi2pk]: PARTITION.undeliveredOf(delivery.partyId),
    [ATTR.gsi2sk]: `${sortableInstant(delivery.createdAt)}#${delivery.id}`,
  };
}

/** A transaction item writing a new delivery (ids are fresh; a clash would be a fault). */
export function putDelivery(ctx: StoreContext, delivery: DeliveryRecord): NamedItem {
  return named(ITEM.delivery(delivery), {
    Put: {
      TableName: ctx.tableName,
      Item: deliveryItem(delivery),
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': ATTR.pk },
    },
  });
}
