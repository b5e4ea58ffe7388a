/**
 * Queries, never Scans: one description of a query ({@link QuerySpec}) read as a page
 * with an opaque cursor, as "up to N items" (the sweep, the outbox), or in full.
 *
 * The cursor is base64url(JSON(key of the last item returned)). It is checked on the
 * way back in — same key attributes, same partition, inside the sort range — so a
 * forged or foreign cursor is a 400, never a DynamoDB validation error.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { MalformedBodyError } from '../../core/errors.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import type { StoreContext } from './context.js';
import { isObject } from './shape.js';
import { ATTR } from './table-definition.js';

/** A condition on the sort key of the queried index; values are already sortable strings. */
export type SortCondition =
  | { op: '<='; value: string }
  | { op: '>='; value: string }
  | { op: 'between'; from: string; to: string }
  | { op: 'begins_with'; prefix: string };

/** An extra FilterExpression, applied after the key condition (costs reads, not results). */
export interface Filter {
  expression: string;
  names: Record<string, string>;
  values?: Record<string, unknown>;
}

/** One query against the table or one of its indexes. */
export interface QuerySpec {
  /** The store method, for errors and capacity samples. */
  operation: string;
  /** Omitted for the table itself. */
  indexName?: string;
  partitionName: string;
  partitionValue: string;
  sortName: string;
  sort?: SortCondition;
  filter?: Filter;
  /** Newest (highest sort key) first. */
  descending?: boolean;
  /** Only on the table: GSIs are eventually consistent. */
  consistent?: boolean;
}

/** A raw item as the document client returns it. */
export type RawItem = Record<string, unknown>;

/** Largest page a caller can ask for. */
export const MAX_PAGE_SIZE = 1000;
/** A filtered page stops after this many round trips and returns what it has, with a cursor. */
const MAX_ROUNDS_PER_PAGE = 5;

/** Clamps a requested page size to 1…{@link MAX_PAGE_SIZE}. */
export function pageSize(limit: number): number {
  if (!Number.isFinite(limit)) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

function keyNamesOf(spec: QuerySpec): string[] {
  return [...new Set([ATTR.pk, ATTR.sk, spec.partitionName, spec.sortName])];
}

function keyCondition(spec: QuerySpec): { expression: string; values: Record<string, unknown> } {
  const partition = '#qp = :qp';
  const values: Record<string, unknown> = { ':qp': spec.partitionValue };
  const sort = spec.sort;
  if (sort === undefined) return { expression: partition, values };
  switch (sort.op) {
    case '<=':
    case '>=':
      return {
        expression: `${partition} AND #qs ${sort.op} :qs`,
        values: { ...values, ':qs': sort.value },
      };
    case 'between':
      return {
        expression: `${partition} AND #qs BETWEEN :qsFrom AND :qsTo`,
        values: { ...values, ':qsFrom': sort.from, ':qsTo': sort.to },
      };
    case 'begins_with':
      return {
        expression: `${partition} AND begins_with(#qs, :qs)`,
        values: { ...values, ':qs': sort.prefix },
      };
  }
}

function inSortRange(value: string, sort: SortCondition | undefined): boolean {
  if (sort === undefined) return true;
  switch (sort.op) {
    case '<=':
      return value <= sort.value;
    case '>=':
      return value >= sort.value;
    case 'between':
      return value >= sort.from && value <= sort.to;
    case 'begins_with':
      return value.startsWith(sort.prefix);
  }
}

function queryInput(
  spec: QuerySpec,
  ctx: StoreContext,
  limit: number,
  startKey: RawItem | undefined,
): QueryCommandInput {
  const key = keyCondition(spec);
  const values = { ...key.values, ...spec.filter?.values };
  return {
    TableName: ctx.tableName,
    ...(spec.indexName === undefined ? {} : { IndexName: spec.indexName }),
    KeyConditionExpression: key.expression,
    ...(spec.filter === undefined ? {} : { FilterExpression: spec.filter.expression }),
    ExpressionAttributeNames: {
      '#qp': spec.partitionName,
      ...(spec.sort === undefined ? {} : { '#qs': spec.sortName }),
      ...spec.filter?.names,
    },
    ExpressionAttributeValues: values,
    ScanIndexForward: spec.descending !== true,
    Limit: limit,
    ...(spec.consistent === true ? { ConsistentRead: true } : {}),
    ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
    ...(ctx.observeCapacity === undefined ? {} : { ReturnConsumedCapacity: 'TOTAL' }),
  };
}

interface RoundResult {
  items: RawItem[];
  lastKey: RawItem | undefined;
}

async function queryRound(
  ctx: StoreContext,
  spec: QuerySpec,
  limit: number,
  startKey: RawItem | undefined,
): Promise<RoundResult> {
  const output = await ctx.doc.send(new QueryCommand(queryInput(spec, ctx, limit, startKey)));
  const items: RawItem[] = (output.Items ?? []).filter(isObject);
  ctx.observeCapacity?.({
    operation: spec.operation,
    ...(output.ConsumedCapacity?.CapacityUnits === undefined
      ? {}
      : { capacityUnits: output.ConsumedCapacity.CapacityUnits }),
    scannedCount: output.ScannedCount ?? items.length,
    count: output.Count ?? items.length,
  });
  const lastKey = output.LastEvaluatedKey;
  return { items, lastKey: isObject(lastKey) ? lastKey : undefined };
}

function keyOf(item: RawItem, spec: QuerySpec): RawItem {
  return Object.fromEntries(keyNamesOf(spec).map((name) => [name, item[name]]));
}

/** Encodes an exclusive start key as an opaque cursor. */
export function encodeCursor(key: RawItem): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function invalidCursor(): MalformedBodyError {
  return new MalformedBodyError(
    'invalid_cursor',
    'The cursor is not valid for this listing; start again without it.',
  );
}

/** Decodes a cursor for this query, or throws a 400 (`invalid_cursor`). */
export function decodeCursor(cursor: string, spec: QuerySpec): RawItem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new MalformedBodyError(
      'invalid_cursor',
      'The cursor is not valid for this listing; start again without it.',
      {
        cause: error,
      },
    );
  }
  if (!isObject(parsed)) throw invalidCursor();
  const names = keyNamesOf(spec);
  const entries = Object.entries(parsed);
  const wellFormed =
    entries.length === names.length &&
    entries.every(
      ([name, value]) => names.includes(name) && typeof value === 'string' && value.length > 0,
    );
  const sortValue = parsed[spec.sortName];
  if (
    !wellFormed ||
    parsed[spec.partitionName] !== spec.partitionValue ||
    typeof sortValue !== 'string' ||
    !inSortRange(sortValue, spec.sort)
  ) {
    throw invalidCursor();
  }
  return parsed;
}

/**
 * One page of at most `page.limit` matching items, newest first when the spec says so.
 * With a filter, DynamoDB's Limit counts items read, not items matched, so this reads
 * on (a few rounds at most) to fill the page; the cursor then points just after the
 * last item returned, never past an unreturned match.
 */
export async function queryPage(
  ctx: StoreContext,
  spec: QuerySpec,
  page: PageRequest,
): Promise<Page<RawItem>> {
  const limit = pageSize(page.limit);
  let startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor, spec);
  const items: RawItem[] = [];
  for (let round = 1; ; round++) {
    const result = await queryRound(ctx, spec, limit, startKey);
    items.push(...result.items);
    if (items.length >= limit) {
      const kept = items.slice(0, limit);
      const last = kept[kept.length - 1];
      const more = items.length > limit || result.lastKey !== undefined;
      return more && last !== undefined
        ? { items: kept, nextCursor: encodeCursor(keyOf(last, spec)) }
        : { items: kept };
    }
    if (result.lastKey === undefined) return { items };
    if (round >= MAX_ROUNDS_PER_PAGE) return { items, nextCursor: encodeCursor(result.lastKey) };
    startKey = result.lastKey;
  }
}

/** Up to `limit` matching items from the start of the range (no cursor). */
export async function queryUpTo(
  ctx: StoreContext,
  spec: QuerySpec,
  limit: number,
): Promise<RawItem[]> {
  const wanted = Math.max(0, Math.trunc(limit));
  const items: RawItem[] = [];
  let startKey: RawItem | undefined;
  while (items.length < wanted) {
    const result = await queryRound(ctx, spec, wanted - items.length, startKey);
    items.push(...result.items);
    if (result.lastKey === undefined) break;
    startKey = result.lastKey;
  }
  return items.slice(0, wanted);
}

/** Every matching item (small, bounded partitions only: a subject, the registry). */
export async function queryAll(ctx: StoreContext, spec: QuerySpec): Promise<RawItem[]> {
  const items: RawItem[] = [];
  let startKey: RawItem | undefined;
  do {
    const result = await queryRound(ctx, spec, MAX_PAGE_SIZE, startKey);
    items.push(...result.items);
    startKey = result.lastKey;
  } while (startKey !== undefined);
  return items;
}
