/**
 * The delivery half of the store (item layout: `delivery-items.ts`). Updates after
 * creation touch only their own fields (`queued`, the attempt outcome,
 * `acknowledgedAt`), so a worker recording an attempt and a recipient acknowledging at
 * the same moment cannot undo each other.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../core/errors.js';
import type { DeliveryStore, FinalAttempt } from '../../core/ports/deliveries.js';
import type { ObligationChange } from '../../core/ports/obligations.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type { DeliveryRecord } from '../../core/ports/records.js';
import { ITEM, writeNamed } from '../transactions.js';
import type { StoreContext } from './context.js';
import { decodeDelivery, putDelivery } from './delivery-items.js';
import { DynamoStoreError, storeFault, withStoreErrors } from './errors.js';
import { KEY, PARTITION, sortableInstant } from './keys.js';
import { obligationWrites } from './obligation-items.js';
import { queryPage, queryUpTo } from './pagination.js';
import { itemExists, setOnceItem } from './set-once.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { ATTR, INDEX } from './table-definition.js';
import { MAX_TRANSACTION_ITEMS, type NamedItem, named, transactWrite } from './transact.js';

async function getDelivery(ctx: StoreContext, id: string): Promise<DeliveryRecord | undefined> {
  const { Item } = await ctx.doc.send(
    new GetCommand({ TableName: ctx.tableName, Key: KEY.delivery(id), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : decodeDelivery(Item);
}

async function listUnqueued(
  ctx: StoreContext,
  until: string,
  limit: number,
): Promise<DeliveryRecord[]> {
  const items = await queryUpTo(
    ctx,
    {
      operation: 'listUnqueued',
      indexName: INDEX.byOutbox,
      partitionName: ATTR.outboxPk,
      partitionValue: PARTITION.outbox,
      sortName: ATTR.outboxAt,
      sort: { op: '<=', value: sortableInstant(until) },
    },
    limit,
  );
  return items.map(decodeDelivery);
}

function markQueuedItem(ctx: StoreContext, id: string): NamedItem {
  return named(ITEM.delivery({ id }), {
    Update: {
      TableName: ctx.tableName,
      Key: KEY.delivery(id),
      UpdateExpression: 'SET #data.#queued = :true REMOVE #outboxPk, #outboxAt',
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: {
        '#pk': ATTR.pk,
        '#data': 'data',
        '#queued': 'queued',
        '#outboxPk': ATTR.outboxPk,
        '#outboxAt': ATTR.outboxAt,
      },
      ExpressionAttributeValues: { ':true': true },
    },
  });
}

/**
 * Takes deliveries out of the outbox, up to 100 per transaction. An unknown id is
 * skipped rather than failing the others: marking is a hint to the relay, and the
 * deliveries it names may be any the caller handed to SQS.
 */
async function markQueued(ctx: StoreContext, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += MAX_TRANSACTION_ITEMS) {
    let chunk = unique.slice(start, start + MAX_TRANSACTION_ITEMS);
    while (chunk.length > 0) {
      const outcome = await transactWrite(
        ctx,
        chunk.map((id) => markQueuedItem(ctx, id)),
      );
      if (outcome.committed) break;
      chunk = chunk.filter((id) => !outcome.failed.has(ITEM.delivery({ id })));
    }
  }
}

async function recordAttempt(
  ctx: StoreContext,
  id: string,
  outcome: { status: DeliveryRecord['status']; attempts: number; at: string; error?: string },
): Promise<void> {
  const sets = ['#data.#status = :status', '#data.#attempts = :attempts'];
  const names: Record<string, string> = {
    '#pk': ATTR.pk,
    '#data': 'data',
    '#status': 'status',
    '#attempts': 'attempts',
  };
  const values: Record<string, unknown> = {
    ':status': outcome.status,
    ':attempts': outcome.attempts,
  };
  if (outcome.status === 'delivered') {
    sets.push('#data.#deliveredAt = :at');
    names['#deliveredAt'] = 'deliveredAt';
    values[':at'] = outcome.at;
  }
  if (outcome.error !== undefined) {
    sets.push('#data.#lastError = :error');
    names['#lastError'] = 'lastError';
    values[':error'] = outcome.error;
  }
  try {
    // One item, so one UpdateItem is as atomic as a transaction and half the cost.
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: KEY.delivery(id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(`Delivery ${id}`);
    throw error;
  }
}

/**
 * The ack and the obligations it satisfies, in one transaction conditioned on the
 * delivery not being acknowledged yet: a second ack (or a retried request) changes
 * nothing and succeeds. An obligation no longer in the state read (the sweep marked
 * it missed meanwhile) fails it with StaleWriteError.
 */
async function saveAcknowledgement(
  ctx: StoreContext,
  delivery: DeliveryRecord,
  satisfied: ObligationChange[],
): Promise<void> {
  const { acknowledgedAt } = delivery;
  if (acknowledgedAt === undefined) {
    throw new DynamoStoreError(
      `saveAcknowledgement: delivery ${delivery.id} has no acknowledgedAt`,
    );
  }
  const what = `Delivery ${delivery.id}`;
  await writeNamed(
    (items) => transactWrite(ctx, items),
    () => [
      setOnceItem(
        ctx,
        { name: ITEM.ack, key: KEY.delivery(delivery.id), what },
        'acknowledgedAt',
        acknowledgedAt,
      ),
      ...obligationWrites(ctx, satisfied),
    ],
    { subject: `Obligations of ${delivery.subjectId}`, fault: storeFault },
  );
}

async function listDeliveries(
  ctx: StoreContext,
  partyId: string,
  page: PageRequest,
): Promise<Page<DeliveryRecord>> {
  const result = await queryPage(
    ctx,
    {
      operation: 'listDeliveries',
      indexName: INDEX.gsi1,
      partitionName: ATTR.gsi1pk,
      partitionValue: PARTITION.deliveriesOf(partyId),
      sortName: ATTR.gsi1sk,
      descending: true,
    },
    page,
  );
  return { ...result, items: result.items.map(decodeDelivery) };
}

/**
 * Gives up on a delivery: marks it failed and writes the escalations, in one
 * transaction conditioned on it not being failed yet — a redelivered SQS message
 * escalates nothing a second time.
 */
async function failDelivery(
  ctx: StoreContext,
  id: string,
  attempt: FinalAttempt,
  escalations: DeliveryRecord[],
): Promise<boolean> {
  const key = KEY.delivery(id);
  const fail = named(
    ITEM.fail,
    {
      Update: {
        TableName: ctx.tableName,
        Key: key,
        UpdateExpression:
          'SET #data.#status = :failed, #data.#attempts = :attempts, #data.#lastError = :error',
        ConditionExpression: 'attribute_exists(#pk) AND #data.#status <> :failed',
        ExpressionAttributeNames: {
          '#pk': ATTR.pk,
          '#data': 'data',
          '#status': 'status',
          '#attempts': 'attempts',
          '#lastError': 'lastError',
        },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':attempts': attempt.attempts,
          ':error': attempt.error,
        },
      },
    },
    // Failed before: a redelivered message, and a no-op.
    { kind: 'once', what: `Delivery ${id}`, exists: () => itemExists(ctx, key) },
  );
  const result = await writeNamed(
    (items) => transactWrite(ctx, items),
    () => [fail, ...escalations.map((d) => putDelivery(ctx, d))],
    { subject: `failDelivery ${id}`, fault: storeFault },
  );
  return result === 'written';
}

/** The delivery half of the store, with the failure path the worker needs. */
export function createDeliveryStore(ctx: StoreContext): DeliveryStore {
  return {
    getDelivery: (id) => withStoreErrors('getDelivery', () => getDelivery(ctx, id)),
    listUnqueued: (until, limit) =>
      withStoreErrors('listUnqueued', () => listUnqueued(ctx, until, limit)),
    markQueued: (ids) => withStoreErrors('markQueued', () => markQueued(ctx, ids)),
    recordAttempt: (id, outcome) =>
      withStoreErrors('recordAttempt', () => recordAttempt(ctx, id, outcome)),
    saveAcknowledgement: (delivery, satisfied) =>
      withStoreErrors('saveAcknowledgement', () => saveAcknowledgement(ctx, delivery, satisfied)),
    listDeliveries: (partyId, page) =>
      withStoreErrors('listDeliveries', () => listDeliveries(ctx, partyId, page)),
    failDelivery: (id, attempt, escalations) =>
      withStoreErrors('failDelivery', () => failDelivery(ctx, id, attempt, escalations)),
  };
}

/** The delivery store on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoDeliveryStore(settings: DynamoSettings): DeliveryStore {
  return createDeliveryStore(storeContextFor(settings));
}
