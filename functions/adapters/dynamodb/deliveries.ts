/**
 * The delivery half of the store (item layout: `delivery-items.ts`). Updates after
 * creation touch only their own fields (`queued`, the attempt outcome,
 * `acknowledgedAt`), so a worker recording an attempt and a recipient acknowledging at
 * the same moment cannot undo each other.
 */

import {
  ConditionalCheckFailedException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../core/audit/audit-entry.js';
import { redriven } from '../../core/delivery/redrive.js';
import { NotFoundError } from '../../core/errors.js';
import type { AttemptOutcome, DeliveryStore, FinalAttempt } from '../../core/ports/deliveries.js';
import type { ObligationChange } from '../../core/ports/obligations.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type { DeliveryRecord } from '../../core/ports/records.js';
import { ITEM, writeNamed } from '../transactions.js';
import { withAuditAppend } from './audit-items.js';
import { perStoreContext, type StoreContext } from './context.js';
import { decodeDelivery, outboxKeys, putDelivery, undeliveredKeys } from './delivery-items.js';
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

/** Takes one delivery out of the outbox (the update, alone or in a transaction). */
function markQueuedUpdate(ctx: StoreContext, id: string, at: string) {
  return {
    TableName: ctx.tableName,
    Key: KEY.delivery(id),
    UpdateExpression: 'SET #data.#queued = :true REMOVE #outboxPk, #outboxAt',
    // A delivery a worker put back in the outbox for later (since it was handed over) stays there.
    ConditionExpression:
      'attribute_exists(#pk) AND (attribute_not_exists(#outboxAt) OR #outboxAt <= :at)',
    ExpressionAttributeNames: {
      '#pk': ATTR.pk,
      '#data': 'data',
      '#queued': 'queued',
      '#outboxPk': ATTR.outboxPk,
      '#outboxAt': ATTR.outboxAt,
    },
    ExpressionAttributeValues: { ':true': true, ':at': sortableInstant(at) },
  };
}

function markQueuedItem(ctx: StoreContext, id: string, at: string): NamedItem {
  return named(ITEM.delivery({ id }), { Update: markQueuedUpdate(ctx, id, at) });
}

/**
 * Takes deliveries out of the outbox, up to 100 per transaction. An unknown id is
 * skipped rather than failing the others: marking is a hint to the relay, and the
 * deliveries it names may be any the caller handed to SQS. So is one due after `at`.
 */
async function markQueued(ctx: StoreContext, ids: string[], at: string): Promise<void> {
  const unique = [...new Set(ids)];
  const [only] = unique;
  if (unique.length === 1 && only !== undefined) {
    // One item (a new incident's one pushed delivery): an UpdateItem, half a transaction's cost.
    try {
      await ctx.doc.send(new UpdateCommand(markQueuedUpdate(ctx, only, at)));
    } catch (error) {
      // Gone, rescheduled, or being written by its worker right now (which settles it): a
      // hint not taken, as an item a transaction's condition drops below.
      if (
        !(error instanceof ConditionalCheckFailedException) &&
        !(error instanceof TransactionConflictException)
      )
        throw error;
    }
    return;
  }
  for (let start = 0; start < unique.length; start += MAX_TRANSACTION_ITEMS) {
    let chunk = unique.slice(start, start + MAX_TRANSACTION_ITEMS);
    while (chunk.length > 0) {
      const outcome = await transactWrite(
        ctx,
        chunk.map((id) => markQueuedItem(ctx, id, at)),
      );
      if (outcome.committed) break;
      chunk = chunk.filter((id) => !outcome.failed.has(ITEM.delivery({ id })));
    }
  }
}

async function recordAttempt(
  ctx: StoreContext,
  delivery: DeliveryRecord,
  outcome: AttemptOutcome,
  audit: AuditEvent[] = [],
): Promise<void> {
  const sets = ['#data.#status = :status', '#data.#attempts = :attempts'];
  const removes: string[] = [];
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
  const setTop = (attribute: string, value: unknown) => {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    sets.push(`#${attribute} = :${attribute}`);
  };
  if (outcome.status === 'delivered') {
    sets.push('#data.#deliveredAt = :at', '#data.#queued = :true');
    Object.assign(names, {
      '#deliveredAt': 'deliveredAt',
      '#queued': 'queued',
      '#nextAttemptAt': 'nextAttemptAt',
      '#gsi2pk': ATTR.gsi2pk,
      '#gsi2sk': ATTR.gsi2sk,
      '#outboxPk': ATTR.outboxPk,
      '#outboxAt': ATTR.outboxAt,
    });
    values[':at'] = outcome.at;
    values[':true'] = true;
    removes.push('#data.#nextAttemptAt', '#gsi2pk', '#gsi2sk', '#outboxPk', '#outboxAt');
  }
  if (outcome.sentSha256 !== undefined) {
    sets.push('#data.#sentSha256 = :sentSha256');
    names['#sentSha256'] = 'sentSha256';
    values[':sentSha256'] = outcome.sentSha256;
  }
  if (outcome.error !== undefined) {
    sets.push('#data.#lastError = :error');
    names['#lastError'] = 'lastError';
    values[':error'] = outcome.error;
  }
  if (outcome.status === 'pending' && outcome.nextAttemptAt !== undefined) {
    const next = { ...delivery, nextAttemptAt: outcome.nextAttemptAt };
    sets.push('#data.#nextAttemptAt = :nextAttemptAt');
    names['#nextAttemptAt'] = 'nextAttemptAt';
    values[':nextAttemptAt'] = outcome.nextAttemptAt;
    for (const [attribute, value] of Object.entries(undeliveredKeys(next)))
      setTop(attribute, value);
    if (outcome.retryVia === 'outbox') {
      sets.push('#data.#queued = :false');
      names['#queued'] = 'queued';
      values[':false'] = false;
      for (const [attribute, value] of Object.entries(outboxKeys(next))) setTop(attribute, value);
    }
  }
  const update = {
    TableName: ctx.tableName,
    Key: KEY.delivery(delivery.id),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: 'attribute_exists(#pk)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
  if (audit.length > 0) {
    // The attempt's outcome and its `message.sent` entry commit together (п.90-1(7)).
    const what = `Delivery ${delivery.id}`;
    await withAuditAppend(ctx, audit, (auditItems) =>
      writeNamed(
        (items) => transactWrite(ctx, items),
        () => [
          named(ITEM.delivery(delivery), { Update: update }, { kind: 'existing', what }),
          ...auditItems,
        ],
        { subject: `recordAttempt ${delivery.id}`, fault: storeFault },
      ),
    );
    return;
  }
  try {
    // One item, so one UpdateItem is as atomic as a transaction and half the cost.
    await ctx.doc.send(new UpdateCommand(update));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw new NotFoundError(`Delivery ${delivery.id}`);
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
  audit: AuditEvent[] = [],
): Promise<void> {
  const { acknowledgedAt } = delivery;
  if (acknowledgedAt === undefined) {
    throw new DynamoStoreError(
      `saveAcknowledgement: delivery ${delivery.id} has no acknowledgedAt`,
    );
  }
  const what = `Delivery ${delivery.id}`;
  await withAuditAppend(ctx, audit, (auditItems) =>
    writeNamed(
      (items) => transactWrite(ctx, items),
      () => [
        // A second ack is a no-op, its entry included: the first ack's entry stands.
        setOnceItem(
          ctx,
          { name: ITEM.ack, key: KEY.delivery(delivery.id), what },
          'acknowledgedAt',
          acknowledgedAt,
        ),
        ...obligationWrites(ctx, satisfied),
        ...auditItems,
      ],
      { subject: `Obligations of ${delivery.subjectId}`, fault: storeFault },
    ),
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
 * escalates nothing a second time. It stays listed among its party's undelivered ones.
 */
async function failDelivery(
  ctx: StoreContext,
  delivery: DeliveryRecord,
  attempt: FinalAttempt,
  escalations: DeliveryRecord[],
  audit: AuditEvent[] = [],
): Promise<boolean> {
  const { id } = delivery;
  const key = KEY.delivery(id);
  const undelivered = undeliveredKeys(delivery);
  const fail = named(
    ITEM.fail,
    {
      Update: {
        TableName: ctx.tableName,
        Key: key,
        UpdateExpression:
          'SET #data.#status = :failed, #data.#attempts = :attempts, #data.#lastError = :error, #gsi2pk = :gsi2pk, #gsi2sk = :gsi2sk REMOVE #data.#nextAttemptAt',
        ConditionExpression: 'attribute_exists(#pk) AND #data.#status <> :failed',
        ExpressionAttributeNames: {
          '#pk': ATTR.pk,
          '#data': 'data',
          '#status': 'status',
          '#attempts': 'attempts',
          '#lastError': 'lastError',
          '#nextAttemptAt': 'nextAttemptAt',
          '#gsi2pk': ATTR.gsi2pk,
          '#gsi2sk': ATTR.gsi2sk,
        },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':attempts': attempt.attempts,
          ':error': attempt.error,
          ':gsi2pk': undelivered[ATTR.gsi2pk],
          ':gsi2sk': undelivered[ATTR.gsi2sk],
        },
      },
    },
    // Failed before: a redelivered message, and a no-op.
    { kind: 'once', what: `Delivery ${id}`, exists: () => itemExists(ctx, key) },
  );
  const result = await withAuditAppend(ctx, audit, (auditItems) =>
    writeNamed(
      (items) => transactWrite(ctx, items),
      () => [fail, ...escalations.map((d) => putDelivery(ctx, d)), ...auditItems],
      { subject: `failDelivery ${id}`, fault: storeFault },
    ),
  );
  return result === 'written';
}

/** A delivery with a derived id, written unless one with that id exists (set once). */
async function saveDeliveryOnce(
  ctx: StoreContext,
  delivery: DeliveryRecord,
  audit: readonly AuditEvent[],
): Promise<boolean> {
  const put = putDelivery(ctx, delivery);
  const once = named(put.name, put, { kind: 'once', what: `Delivery ${delivery.id}` });
  const result = await withAuditAppend(ctx, audit, (auditItems) =>
    writeNamed(
      (items) => transactWrite(ctx, items),
      () => [once, ...auditItems],
      { subject: `saveDeliveryOnce ${delivery.id}`, fault: storeFault },
    ),
  );
  return result === 'written';
}

async function listUndelivered(
  ctx: StoreContext,
  partyId: string,
  limit: number,
): Promise<DeliveryRecord[]> {
  const items = await queryUpTo(
    ctx,
    {
      operation: 'listUndelivered',
      indexName: INDEX.gsi2,
      partitionName: ATTR.gsi2pk,
      partitionValue: PARTITION.undeliveredOf(partyId),
      sortName: ATTR.gsi2sk,
    },
    limit,
  );
  return items.map(decodeDelivery);
}

/** One redrive: the fields {@link redriven} changes, conditioned on the delivery being as read. */
async function redriveOne(
  ctx: StoreContext,
  expected: DeliveryRecord,
  next: DeliveryRecord,
): Promise<boolean> {
  const names: Record<string, string> = {
    '#pk': ATTR.pk,
    '#data': 'data',
    '#status': 'status',
    '#attempts': 'attempts',
    '#queued': 'queued',
    '#nextAttemptAt': 'nextAttemptAt',
  };
  const values: Record<string, unknown> = {
    ':status': next.status,
    ':queued': next.queued,
    ':nextAttemptAt': next.nextAttemptAt,
    ':expectedStatus': expected.status,
    ':expectedAttempts': expected.attempts,
    ':expectedQueued': expected.queued,
  };
  const sets = [
    '#data.#status = :status',
    '#data.#queued = :queued',
    '#data.#nextAttemptAt = :nextAttemptAt',
  ];
  if (next.redrivenAt !== undefined && next.attemptsBeforeRedrive !== undefined) {
    sets.push('#data.#redrivenAt = :redrivenAt', '#data.#before = :before');
    names['#redrivenAt'] = 'redrivenAt';
    names['#before'] = 'attemptsBeforeRedrive';
    values[':redrivenAt'] = next.redrivenAt;
    values[':before'] = next.attemptsBeforeRedrive;
  }
  for (const [attribute, value] of Object.entries({
    ...outboxKeys(next),
    ...undeliveredKeys(next),
  })) {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    sets.push(`#${attribute} = :${attribute}`);
  }
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: KEY.delivery(expected.id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression:
          'attribute_exists(#pk) AND #data.#status = :expectedStatus AND #data.#attempts = :expectedAttempts AND #data.#queued = :expectedQueued',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function redrive(
  ctx: StoreContext,
  deliveries: DeliveryRecord[],
  at: string,
): Promise<DeliveryRecord[]> {
  const done: DeliveryRecord[] = [];
  for (const expected of deliveries) {
    const next = redriven(expected, at);
    if (next !== undefined && (await redriveOne(ctx, expected, next))) done.push(next);
  }
  return done;
}

/**
 * Which parties a single writer knows to have no undelivered delivery (see
 * `StoreContext.singleWriter`). The worker asks after every successful push whether the
 * recipient has deliveries to redrive, a Query each; only three writes ever list a delivery
 * as undelivered (a retry scheduled, a final failure, a redrive), and a single writer makes
 * them all, so once a Query found none it stays none until one of those writes for that
 * party. A write bumps the party's generation before and after it, and a Query marks the
 * party clean only if no such write began or ended while it ran.
 */
const undeliveredMemo = perStoreContext(() => {
  const clean = new Set<string>();
  const generation = new Map<string, number>();
  const bump = (partyId: string) => {
    clean.delete(partyId);
    generation.set(partyId, (generation.get(partyId) ?? 0) + 1);
  };
  return {
    async list(partyId: string, query: () => Promise<DeliveryRecord[]>): Promise<DeliveryRecord[]> {
      if (clean.has(partyId)) return [];
      const before = generation.get(partyId) ?? 0;
      const found = await query();
      if (found.length === 0 && (generation.get(partyId) ?? 0) === before) clean.add(partyId);
      return found;
    },
    async writing<T>(partyIds: readonly string[], write: () => Promise<T>): Promise<T> {
      for (const id of partyIds) bump(id);
      try {
        return await write();
      } finally {
        for (const id of partyIds) bump(id);
      }
    },
  };
});

/** The delivery half of the store, with the failure path the worker needs. */
export function createDeliveryStore(ctx: StoreContext): DeliveryStore {
  const store = createPlainDeliveryStore(ctx);
  if (!ctx.singleWriter) return store;
  // Per store context, so every delivery store on it sees the same writes.
  const memo = undeliveredMemo(ctx);
  return {
    ...store,
    recordAttempt: (delivery, outcome, audit) =>
      outcome.status !== 'delivered'
        ? memo.writing([delivery.partyId], () => store.recordAttempt(delivery, outcome, audit))
        : store.recordAttempt(delivery, outcome, audit),
    failDelivery: (delivery, attempt, escalations, audit) =>
      memo.writing([delivery.partyId], () =>
        store.failDelivery(delivery, attempt, escalations, audit),
      ),
    redrive: (deliveries, at) =>
      memo.writing(
        deliveries.map((d) => d.partyId),
        () => store.redrive(deliveries, at),
      ),
    listUndelivered: (partyId, limit) =>
      memo.list(partyId, () => store.listUndelivered(partyId, limit)),
  };
}

function createPlainDeliveryStore(ctx: StoreContext): DeliveryStore {
  return {
    getDelivery: (id) => withStoreErrors('getDelivery', () => getDelivery(ctx, id)),
    listUnqueued: (until, limit) =>
      withStoreErrors('listUnqueued', () => listUnqueued(ctx, until, limit)),
    markQueued: (ids, at) => withStoreErrors('markQueued', () => markQueued(ctx, ids, at)),
    recordAttempt: (delivery, outcome, audit) =>
      withStoreErrors('recordAttempt', () => recordAttempt(ctx, delivery, outcome, audit)),
    saveAcknowledgement: (delivery, satisfied, audit) =>
      withStoreErrors('saveAcknowledgement', () =>
        saveAcknowledgement(ctx, delivery, satisfied, audit),
      ),
    saveDeliveryOnce: (delivery, audit = []) =>
      withStoreErrors('saveDeliveryOnce', () => saveDeliveryOnce(ctx, delivery, audit)),
    listDeliveries: (partyId, page) =>
      withStoreErrors('listDeliveries', () => listDeliveries(ctx, partyId, page)),
    failDelivery: (delivery, attempt, escalations, audit) =>
      withStoreErrors('failDelivery', () =>
        failDelivery(ctx, delivery, attempt, escalations, audit),
      ),
    listUndelivered: (partyId, limit) =>
      withStoreErrors('listUndelivered', () => listUndelivered(ctx, partyId, limit)),
    redrive: (deliveries, at) => withStoreErrors('redrive', () => redrive(ctx, deliveries, at)),
  };
}

/** The delivery store on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoDeliveryStore(settings: DynamoSettings): DeliveryStore {
  return createDeliveryStore(storeContextFor(settings));
}
