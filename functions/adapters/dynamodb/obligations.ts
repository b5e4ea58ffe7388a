/**
 * The obligation half of the store: the sweep's reads (from the sparse due and
 * reminder indexes, never a Scan), its guarded transition, and the listings.
 * Item layout: `obligation-items.ts`.
 */
import type { AuditEvent } from '../../core/audit/audit-entry.js';
import type { Obligation } from '../../core/clocks/obligations.js';
import { DependencyUnavailableError, OutcomeUnknownError } from '../../core/errors.js';
import type {
  Level2Transition,
  ObligationChange,
  ObligationFilter,
  ObligationStore,
} from '../../core/ports/obligations.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type { DeliveryRecord } from '../../core/ports/records.js';
import { StaleWriteError } from '../../core/ports/write-conflicts.js';
import { ITEM, writeNamed } from '../transactions.js';
import {
  AUDIT_APPEND_ATTEMPTS,
  auditAppendItems,
  auditHeadItem,
  readAuditHeads,
  withAuditAppend,
} from './audit-items.js';
import type { StoreContext } from './context.js';
import { putDelivery } from './delivery-items.js';
import { DynamoStoreError, storeFault, translateError, withStoreErrors } from './errors.js';
import { KEY, PARTITION, SK_PREFIX, sortableBound, sortableInstant } from './keys.js';
import {
  decodeObligation,
  incidentMirrors,
  obligationItem,
  obligationWrites,
} from './obligation-items.js';
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
import { MAX_TRANSACTION_ITEMS, type NamedItem, named, transactWrite } from './transact.js';

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

async function listLevel2Due(
  ctx: StoreContext,
  until: string,
  limit: number,
): Promise<Obligation[]> {
  const spec = dueSpec(
    'listLevel2Due',
    INDEX.byDue,
    ATTR.duePk,
    PARTITION.level2,
    ATTR.dueAt,
    until,
  );
  return (await queryUpTo(ctx, spec, limit)).map(decodeObligation);
}

/**
 * Level 2 settled (sent or stopped) with its deliveries, only if the obligation is still
 * missed with the level-2 due time read: of two sweeps only the first passes, and a
 * waiver or a late satisfaction written meanwhile (which drop the due time) wins.
 */
async function transitionLevel2(
  ctx: StoreContext,
  { next, expected, deliveries, audit }: Level2Transition,
): Promise<boolean> {
  const dueAt = expected.escalation?.level2DueAt;
  if (next.id !== expected.id || next.subjectId !== expected.subjectId || dueAt === undefined) {
    throw new DynamoStoreError(
      `transitionLevel2: ${next.id} is not a pending level 2 of ${expected.id}`,
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeLevel2(ctx, { next, expected, deliveries, audit }, dueAt);
    } catch (error) {
      // Another append moved the party's audit head (its other obligation a moment ago, a
      // block): read the head again. The obligation's own guard settles a lost race first.
      const headMoved =
        error instanceof StaleWriteError && error.items.includes(auditHeadItem(audit.partyId));
      if (!headMoved || attempt >= AUDIT_APPEND_ATTEMPTS) throw error;
    }
  }
}

async function writeLevel2(
  ctx: StoreContext,
  { next, deliveries, audit }: Level2Transition,
  dueAt: string,
): Promise<boolean> {
  const heads = await readAuditHeads(ctx, [audit.partyId]);
  const result = await writeNamed(
    (items) => transactWrite(ctx, items),
    () => [
      named(
        ITEM.obligation(next),
        {
          Put: {
            TableName: ctx.tableName,
            Item: obligationItem(next),
            ConditionExpression: '#data.#state = :missed AND #data.#esc.#due = :due',
            ExpressionAttributeNames: {
              '#data': 'data',
              '#state': 'state',
              '#esc': 'escalation',
              '#due': 'level2DueAt',
            },
            ExpressionAttributeValues: { ':missed': 'missed', ':due': dueAt },
          },
        },
        { kind: 'once', what: next.id },
      ),
      ...deliveries.map((d) => putDelivery(ctx, d)),
      ...auditAppendItems(ctx, heads, [audit]).items,
    ],
    { subject: `transitionLevel2 of ${next.id}`, fault: storeFault },
  );
  return result === 'written';
}

/** The waiver and its audit entry, one transaction (a moved audit head is a stale write: the caller reads again). */
async function saveWaiver(
  ctx: StoreContext,
  change: ObligationChange,
  audit: AuditEvent,
): Promise<void> {
  const heads = await readAuditHeads(ctx, [audit.partyId]);
  await writeNamed(
    (items) => transactWrite(ctx, items),
    () => [...obligationWrites(ctx, [change]), ...auditAppendItems(ctx, heads, [audit]).items],
    { subject: `waiver of ${change.next.id}`, fault: storeFault },
  );
}

async function transitionOpen(
  ctx: StoreContext,
  next: Obligation,
  expected: Obligation,
  deliveries: DeliveryRecord[],
  audit?: AuditEvent,
): Promise<boolean> {
  if (next.id !== expected.id || next.subjectId !== expected.subjectId) {
    throw new DynamoStoreError(`transitionOpen: ${next.id} is not ${expected.id}`);
  }
  const result = await withAuditAppend(ctx, audit === undefined ? [] : [audit], (auditItems) =>
    writeNamed(
      (items) => transactWrite(ctx, items),
      () => [
        // Another sweep got there first: not ours to write (nor to audit), and no error.
        { ...guardedTransition(ctx, next, expected), role: { kind: 'once', what: next.id } },
        // A reminder leaves the incident's misses as they are; only a state change is mirrored.
        ...(next.state === 'open' ? [] : incidentMirrors(ctx, [next])),
        ...deliveries.map((d) => putDelivery(ctx, d)),
        ...auditItems,
      ],
      { subject: `transitionOpen of ${next.id}`, fault: storeFault },
    ),
  );
  return result === 'written';
}

/** The obligation's new state, written only if it is still open with the reminder we saw. */
function guardedTransition(ctx: StoreContext, next: Obligation, expected: Obligation): NamedItem {
  const reminder =
    expected.remindAt === undefined
      ? 'attribute_not_exists(#data.#remindAt)'
      : '#data.#remindAt = :expectedRemindAt';
  return named(ITEM.obligation(next), {
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
  });
}

type Transition = {
  next: Obligation;
  expected: Obligation;
  deliveries: DeliveryRecord[];
  audit?: AuditEvent;
};

/** Groups transitions into transactions of at most 100 items. */
function batchesOf(changes: readonly Transition[]): Transition[][] {
  const batches: Transition[][] = [];
  let current: Transition[] = [];
  let size = 0;
  for (const change of changes) {
    // Guarded put + at most one mirror on its incident + its deliveries + its audit entry
    // and, at most, its party's chain head.
    const items = 2 + change.deliveries.length + (change.audit === undefined ? 0 : 2);
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

/**
 * The sweep's transitions, as few transactions as fit. A batch that commits settles all
 * its transitions; one cancelled by a condition (another sweep won one of them, or an
 * incident is missing) is settled one transition at a time, so exactly-once holds and one
 * bad record does not hold up the rest. A batch that fails because DynamoDB is
 * unavailable wrote nothing (a transaction is whole), and one whose outcome is unknown
 * (a timeout after sending) was written whole or not at all: every transition of it and
 * of the batches after it is reported failed with that error, so the sweep's run fails
 * and the next one retries them — what earlier batches committed stays, and their guards
 * make the retry a no-op for them. Any other failure of a batch (one too large, a damaged record)
 * is settled per transition too, where the failing one reports its own error.
 */
async function transitionOpenMany(
  ctx: StoreContext,
  changes: readonly Transition[],
): Promise<PromiseSettledResult<boolean>[]> {
  const results: PromiseSettledResult<boolean>[] = [];
  let outage: Outage | undefined;
  for (const batch of batchesOf(changes)) {
    if (outage === undefined) outage = await writeBatch(ctx, batch, results);
    if (outage !== undefined) {
      results.push(...batch.map(() => ({ status: 'rejected' as const, reason: outage })));
    }
  }
  return results;
}

/**
 * DynamoDB could not be reached, or a batch's outcome is unknown (a timeout after sending:
 * it may have been applied whole). Either way the batch and the rest are left to the next
 * sweep, whose guarded transitions write each obligation once whatever happened.
 */
type Outage = DependencyUnavailableError | OutcomeUnknownError;

/**
 * Writes one batch and pushes its results; returns the outage instead when DynamoDB
 * was unavailable for it (and pushes nothing).
 */
async function writeBatch(
  ctx: StoreContext,
  batch: readonly Transition[],
  results: PromiseSettledResult<boolean>[],
): Promise<Outage | undefined> {
  const ids = new Set(batch.map((c) => c.next.id));
  const wellFormed = ids.size === batch.length && batch.every((c) => c.next.id === c.expected.id);
  if (wellFormed) {
    try {
      const events = batch.flatMap((c) => (c.audit === undefined ? [] : [c.audit]));
      const heads = await readAuditHeads(
        ctx,
        events.map((e) => e.partyId),
      );
      // A head moved by another append fails the batch: it is then settled one by one.
      const outcome = await transactWrite(ctx, [
        ...auditAppendItems(ctx, heads, events).items,
        ...batch.map((c) => guardedTransition(ctx, c.next, c.expected)),
        ...incidentMirrors(
          ctx,
          batch.map((c) => c.next).filter((o) => o.state !== 'open'),
        ),
        ...batch.flatMap((c) => c.deliveries.map((d) => putDelivery(ctx, d))),
      ]);
      if (outcome.committed) {
        results.push(...batch.map(() => ({ status: 'fulfilled' as const, value: true })));
        return undefined;
      }
    } catch (error) {
      const failure = translateError(error, 'transitionOpenMany');
      if (failure instanceof DependencyUnavailableError || failure instanceof OutcomeUnknownError)
        return failure;
    }
  }
  results.push(
    ...(await Promise.allSettled(
      batch.map((c) =>
        withStoreErrors('transitionOpen', () =>
          transitionOpen(ctx, c.next, c.expected, c.deliveries, c.audit),
        ),
      ),
    )),
  );
  return undefined;
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
    listLevel2Due: (until, limit) =>
      withStoreErrors('listLevel2Due', () => listLevel2Due(ctx, until, limit)),
    // Rare (a miss a day, not a thousand): one transaction each keeps exactly-once simple.
    // Rare (a miss a day, not a thousand): one transaction each, one after the other — a
    // party's obligations append to its one audit chain — keeps exactly-once simple.
    transitionLevel2Many: async (changes) => {
      const results: PromiseSettledResult<boolean>[] = [];
      for (const c of changes) {
        const [result] = await Promise.allSettled([
          withStoreErrors('transitionLevel2', () => transitionLevel2(ctx, c)),
        ]);
        if (result) results.push(result);
      }
      return results;
    },
    saveWaiver: (change, audit) =>
      withStoreErrors('saveWaiver', () => saveWaiver(ctx, change, audit)),
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
