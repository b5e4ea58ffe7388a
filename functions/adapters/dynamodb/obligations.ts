/**
 * The obligation half of the store: the sweep's reads (from the sparse due and
 * reminder indexes, never a Scan), its guarded transition, and the listings.
 * Item layout: `obligation-items.ts`.
 */
import type { Obligation } from '../../core/clocks/obligations.js';
import type { ObligationFilter, ObligationStore } from '../../core/ports/obligations.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type { DeliveryRecord } from '../../core/ports/records.js';
import type { StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { DynamoStoreError, withStoreErrors } from './errors.js';
import { KEY, PARTITION, SK_PREFIX, sortableBound, sortableInstant } from './keys.js';
import { decodeObligation, incidentMirrors, obligationItem } from './obligation-items.js';
import {
  type Filter,
  type QuerySpec,
  queryAll,
  queryPage,
  queryUpTo,
  type SortCondition,
} from './pagination.js';
import { type DynamoSettings, storeContextFor } from './settings.js';
import { ATTR, INDEX } from './table-definition.js';
import { failedAt, MAX_TRANSACTION_ITEMS, type TransactItem, transactWrite } from './transact.js';

function dueSpec(
  operation: string,
  indexName: string,
  partitionName: string,
  partitionValue: string,
  sortName: string,
  until: string,
): QuerySpec {
  return {
    operation,
    indexName,
    partitionName,
    partitionValue,
    sortName,
    sort: { op: '<=', value: sortableInstant(until) },
  };
}

async function listDue(ctx: StoreContext, until: string, limit: number): Promise<Obligation[]> {
  const spec = dueSpec('listDue', INDEX.byDue, ATTR.duePk, PARTITION.due, ATTR.dueAt, until);
  return (await queryUpTo(ctx, spec, limit)).map(decodeObligation);
}

async function listRemindersDue(
  ctx: StoreContext,
  until: string,
  limit: number,
): Promise<Obligation[]> {
  const spec = dueSpec(
    'listRemindersDue',
    INDEX.byRemind,
    ATTR.remindPk,
    PARTITION.remind,
    ATTR.remindAt,
    until,
  );
  return (await queryUpTo(ctx, spec, limit)).map(decodeObligation);
}

async function transitionOpen(
  ctx: StoreContext,
  next: Obligation,
  expected: Obligation,
  deliveries: DeliveryRecord[],
): Promise<boolean> {
  if (next.id !== expected.id || next.subjectId !== expected.subjectId) {
    throw new DynamoStoreError(`transitionOpen: ${next.id} is not ${expected.id}`);
  }
  const guarded = guardedTransition(ctx, next, expected);
  // A reminder leaves the incident's misses as they are; only a state change is mirrored.
  const mirror = next.state === 'open' ? [] : incidentMirrors(ctx, [next]);
  const items = [guarded, ...mirror, ...deliveries.map((d) => putDelivery(ctx, d))];
  const outcome = await transactWrite(ctx, items);
  if (outcome.committed) return true;
  if (failedAt(outcome, 0)) return false;
  throw new DynamoStoreError(`transitionOpen of ${next.id}: incident ${next.subjectId} is missing`);
}

/** The obligation's new state, written only if it is still open with the reminder we saw. */
function guardedTransition(
  ctx: StoreContext,
  next: Obligation,
  expected: Obligation,
): TransactItem {
  const reminder =
    expected.remindAt === undefined
      ? 'attribute_not_exists(#data.#remindAt)'
      : '#data.#remindAt = :expectedRemindAt';
  return {
    Put: {
      TableName: ctx.tableName,
      Item: obligationItem(next),
      // Still open with the reminder we saw: of two sweeps, only the first passes this.
      ConditionExpression: `#data.#state = :open AND ${reminder}`,
      ExpressionAttributeNames: { '#data': 'data', '#state': 'state', '#remindAt': 'remindAt' },
      ExpressionAttributeValues: {
        ':open': 'open',
        ...(expected.remindAt === undefined ? {} : { ':expectedRemindAt': expected.remindAt }),
      },
    },
  };
}

type Transition = { next: Obligation; expected: Obligation; deliveries: DeliveryRecord[] };

/** Groups transitions into transactions of at most 100 items. */
function batchesOf(changes: readonly Transition[]): Transition[][] {
  const batches: Transition[][] = [];
  let current: Transition[] = [];
  let size = 0;
  for (const change of changes) {
    // Guarded put + at most one mirror on its incident + its deliveries.
    const items = 2 + change.deliveries.length;
    if (current.length > 0 && size + items > MAX_TRANSACTION_ITEMS) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(change);
    size += items;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function transitionOpenMany(
  ctx: StoreContext,
  changes: readonly Transition[],
): Promise<PromiseSettledResult<boolean>[]> {
  const results: PromiseSettledResult<boolean>[] = [];
  for (const batch of batchesOf(changes)) {
    const ids = new Set(batch.map((c) => c.next.id));
    const items =
      ids.size === batch.length && batch.every((c) => c.next.id === c.expected.id)
        ? [
            ...batch.map((c) => guardedTransition(ctx, c.next, c.expected)),
            ...incidentMirrors(
              ctx,
              batch.map((c) => c.next).filter((o) => o.state !== 'open'),
            ),
            ...batch.flatMap((c) => c.deliveries.map((d) => putDelivery(ctx, d))),
          ]
        : undefined;
    const outcome = items ? await transactWrite(ctx, items).catch(() => undefined) : undefined;
    if (outcome?.committed) {
      for (const _ of batch) results.push({ status: 'fulfilled', value: true });
      continue;
    }
    // A lost race or a bad record somewhere in the batch: settle each one on its own.
    results.push(
      ...(await Promise.allSettled(
        batch.map((c) =>
          withStoreErrors('transitionOpen', () =>
            transitionOpen(ctx, c.next, c.expected, c.deliveries),
          ),
        ),
      )),
    );
  }
  return results;
}

function stateFilter(state: Obligation['state'] | undefined): Filter | undefined {
  if (state === undefined) return undefined;
  return {
    expression: '#data.#state = :state',
    names: { '#data': 'data', '#state': 'state' },
    values: { ':state': state },
  };
}

function dueWindow(filter: ObligationFilter): SortCondition | undefined {
  const from = filter.dueFrom === undefined ? undefined : sortableBound(filter.dueFrom, 'dueFrom');
  const to = filter.dueTo === undefined ? undefined : sortableBound(filter.dueTo, 'dueTo');
  if (from !== undefined && to !== undefined) return { op: 'between', from, to };
  if (from !== undefined) return { op: '>=', value: from };
  if (to !== undefined) return { op: '<=', value: to };
  return undefined;
}

/**
 * Picks the index for a listing: one party's obligations from gsi1; NCC-wide open ones
 * from the sparse due index (state as a key condition); other NCC-wide ones from gsi2.
 * Oldest due first: a listing by due window reads like a calendar.
 */
function obligationListing(filter: ObligationFilter): QuerySpec {
  const operation = 'listObligations';
  const sort = dueWindow(filter);
  const range = sort === undefined ? {} : { sort };
  if (filter.owedBy !== undefined) {
    const state = stateFilter(filter.state);
    return {
      operation,
      indexName: INDEX.gsi1,
      partitionName: ATTR.gsi1pk,
      partitionValue: PARTITION.obligationsOf(filter.owedBy),
      sortName: ATTR.gsi1sk,
      ...range,
      ...(state === undefined ? {} : { filter: state }),
    };
  }
  if (filter.state === 'open') {
    return {
      operation,
      indexName: INDEX.byDue,
      partitionName: ATTR.duePk,
      partitionValue: PARTITION.due,
      sortName: ATTR.dueAt,
      ...range,
    };
  }
  const state = stateFilter(filter.state);
  return {
    operation,
    indexName: INDEX.gsi2,
    partitionName: ATTR.gsi2pk,
    partitionValue: PARTITION.allObligations,
    sortName: ATTR.gsi2sk,
    ...range,
    ...(state === undefined ? {} : { filter: state }),
  };
}

async function listObligations(
  ctx: StoreContext,
  filter: ObligationFilter,
  page: PageRequest,
): Promise<Page<Obligation>> {
  const result = await queryPage(ctx, obligationListing(filter), page);
  return { ...result, items: result.items.map(decodeObligation) };
}

/** Every obligation of one incident or notice (one consistent query of its partition). */
export async function obligationsOf(ctx: StoreContext, subjectId: string): Promise<Obligation[]> {
  const items = await queryAll(ctx, {
    operation: 'obligationsOf',
    partitionName: ATTR.pk,
    partitionValue: KEY.subject(subjectId),
    sortName: ATTR.sk,
    sort: { op: 'begins_with', prefix: SK_PREFIX.obligation },
    consistent: true,
  });
  return items.map(decodeObligation);
}

/** The obligation half of the store. */
export function createObligationStore(ctx: StoreContext): ObligationStore {
  return {
    listDue: (until, limit) => withStoreErrors('listDue', () => listDue(ctx, until, limit)),
    listRemindersDue: (until, limit) =>
      withStoreErrors('listRemindersDue', () => listRemindersDue(ctx, until, limit)),
    transitionOpen: (next, expected, deliveries) =>
      withStoreErrors('transitionOpen', () => transitionOpen(ctx, next, expected, deliveries)),
    transitionOpenMany: (changes) => transitionOpenMany(ctx, changes),
    listObligations: (filter, page) =>
      withStoreErrors('listObligations', () => listObligations(ctx, filter, page)),
    obligationsOf: (subjectId) =>
      withStoreErrors('obligationsOf', () => obligationsOf(ctx, subjectId)),
  };
}

/** The obligation store on the process's shared DynamoDB client (Lambda wiring). */
export function dynamoObligationStore(settings: DynamoSettings): ObligationStore {
  return createObligationStore(storeContextFor(settings));
}
