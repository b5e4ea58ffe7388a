/**
 * Listings of the in-memory store: the same orders and page sizes as the DynamoDB
 * indexes, and opaque cursors that are checked on the way back in — a forged or
 * foreign cursor is a 400 (`invalid_cursor`), as on DynamoDB.
 */
import { MalformedBodyError } from '../../core/errors.js';
import type { Page, PageRequest } from '../../core/ports/paging.js';
import { MemoryStoreError } from './memory-db.js';

/** Largest page a caller can ask for (as on DynamoDB). */
const MAX_PAGE_SIZE = 1000;

function pageSize(limit: number): number {
  if (!Number.isFinite(limit)) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/** A stored timestamp as a fixed-width UTC string, so string order is time order. */
export function sortable(timestamp: string): string {
  const epochMs = Date.parse(timestamp);
  if (Number.isNaN(epochMs)) throw new MemoryStoreError(`Not a timestamp: "${timestamp}"`);
  return new Date(epochMs).toISOString();
}

/** A caller's bound (a listing's due window): not a timestamp is the caller's mistake (400). */
export function sortableBound(timestamp: string, name: string): string {
  if (Number.isNaN(Date.parse(timestamp))) {
    throw new MalformedBodyError(
      'invalid_timestamp',
      `${name} must be an RFC 3339 timestamp; got "${timestamp}".`,
    );
  }
  return sortable(timestamp);
}

function invalidCursor(cause?: unknown): MalformedBodyError {
  return new MalformedBodyError(
    'invalid_cursor',
    'The cursor is not valid for this listing; start again without it.',
    cause === undefined ? {} : { cause },
  );
}

function decodeCursor(cursor: string, listing: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalidCursor(error);
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
  const { listing: of, after } = parsed as Record<string, unknown>;
  if (of !== listing || typeof after !== 'string' || after === '') throw invalidCursor();
  return after;
}

/**
 * One page of `items` in the order of `sortKey` (unique per item), after the cursor.
 * `listing` names the listing (index and partition): a cursor of another is refused.
 */
export function pageOf<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  options: { listing: string; descending?: boolean },
  page: PageRequest,
): Page<T> {
  const limit = pageSize(page.limit);
  const keyed = items.map((item) => ({ item, key: sortKey(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (options.descending) keyed.reverse();
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, options.listing);
  const rest =
    after === undefined
      ? keyed
      : keyed.filter(({ key }) => (options.descending ? key < after : key > after));
  const kept = rest.slice(0, limit);
  const last = kept[kept.length - 1];
  if (rest.length <= limit || last === undefined) return { items: kept.map((k) => k.item) };
  const nextCursor = Buffer.from(
    JSON.stringify({ listing: options.listing, after: last.key }),
    'utf8',
  ).toString('base64url');
  return { items: kept.map((k) => k.item), nextCursor };
}

/** Up to `limit` items in ascending `sortKey` order (the sweep's and the relay's reads). */
export function firstOf<T>(items: readonly T[], sortKey: (item: T) => string, limit: number): T[] {
  return items
    .map((item) => ({ item, key: sortKey(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, Math.max(0, Math.trunc(limit)))
    .map((k) => k.item);
}
