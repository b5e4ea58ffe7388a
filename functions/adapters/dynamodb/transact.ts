/**
 * TransactWriteItems of named items (`adapters/transactions.ts`): a jittered, bounded
 * retry when another transaction holds one of our items (TransactionConflict, on the one
 * retry policy), and the cancellation reasons mapped back to item names, so a caller
 * reads which condition failed by name, never by position.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { withRetries } from '../../core/retry.js';
import type { Named, TxOutcome } from '../transactions.js';
import { withoutUndefined } from './codec.js';
import type { StoreContext } from './context.js';
import { DynamoStoreError } from './errors.js';

/** One element of a TransactWriteItems request (document-client flavour). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction item with its name and role. */
export type NamedItem = TransactItem & Named;

/** The most items one TransactWriteItems accepts. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Below the 4 MB request limit, leaving room for expressions and marshalling overhead. */
export const MAX_TRANSACTION_BYTES = 3_500_000;

/** Names `item`, with its role when its condition means more than "ours, must hold". */
export function named(name: string, item: TransactItem, role?: Named['role']): NamedItem {
  return role === undefined ? { ...item, name } : { ...item, name, role };
}

/** The request element of a named item (the name and role stay with us). */
function requestItem(item: NamedItem): TransactItem {
  const { name: _name, role: _role, ...native } = item;
  return withoutUndefined(native);
}

function isConflictOnly(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict') &&
    !(error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

/**
 * Runs one transaction. Resolves `{ committed: false, failed }` with the names of the
 * items whose condition failed (the caller decides what that means); retries
 * TransactionConflict on the retry policy; throws anything else for `withStoreErrors` to
 * classify (an exhausted conflict becomes a 503).
 */
export async function transactWrite(
  ctx: StoreContext,
  items: readonly NamedItem[],
): Promise<TxOutcome> {
  if (items.length === 0) return { committed: true };
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw new DynamoStoreError(
      `A transaction of ${items.length} items exceeds ${MAX_TRANSACTION_ITEMS}`,
    );
  }
  const request = items.map(requestItem);
  try {
    await withRetries(() => ctx.doc.send(new TransactWriteCommand({ TransactItems: request })), {
      verdict: (error) => (isConflictOnly(error) ? 'retry' : 'fail'),
    });
    return { committed: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const failed = new Set(
      items.flatMap((item, index) =>
        reasons[index]?.Code === 'ConditionalCheckFailed' ? [item.name] : [],
      ),
    );
    if (failed.size > 0) return { committed: false, failed };
    throw error;
  }
}

/** A transaction item's size, estimated on the safe side. */
export function approximateBytes(item: NamedItem): number {
  // JSON length over-estimates DynamoDB's item size a little, which is the safe side.
  return Buffer.byteLength(
    JSON.stringify(item, (_key, value) => (value instanceof Set ? [...value] : value)),
  );
}

/**
 * Splits items into transactions of at most 100 items and ~3.5 MB, keeping order, so a
 * caller that must span several transactions writes the head record first.
 */
export function chunkTransaction<I extends NamedItem>(items: readonly I[]): I[][] {
  const chunks: I[][] = [];
  let current: I[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = approximateBytes(item);
    if (
      current.length > 0 &&
      (current.length === MAX_TRANSACTION_ITEMS || bytes + size > MAX_TRANSACTION_BYTES)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
