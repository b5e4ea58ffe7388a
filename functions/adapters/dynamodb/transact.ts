/**
 * TransactWriteItems with the two things every write path needs: a short, jittered
 * retry when another transaction holds one of our items (TransactionConflict), and
 * the per-item cancellation reasons, so a caller can tell which condition failed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { withoutUndefined } from './codec.js';
import type { StoreContext } from './context.js';
import { DynamoStoreError } from './errors.js';

/** One element of a TransactWriteItems request (document-client flavour). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The most items one TransactWriteItems accepts. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Below the 4 MB request limit, leaving room for expressions and marshalling overhead. */
export const MAX_TRANSACTION_BYTES = 3_500_000;

/** Attempts when only TransactionConflict stands in the way. */
const CONFLICT_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 250;

/** How a transaction ended: committed, or cancelled by a failed condition (with each item's reason). */
export type TransactOutcome =
  | { committed: true }
  | {
      committed: false;
      /** One cancellation code per item, in request order (`None` for items that were fine). */
      reasons: string[];
    };

function reasonsOf(error: TransactionCanceledException): string[] {
  return (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

// "Equal jitter": at least half the exponential step, so retries spread out but never spin.
function backoffMs(attempt: number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return step / 2 + Math.random() * (step / 2);
}

/**
 * Runs one transaction. Resolves `{ committed: false }` when a condition failed (the
 * caller decides what that means); retries TransactionConflict a few times; throws
 * anything else for `withStoreErrors` to classify (an exhausted conflict becomes a 503).
 */
export async function transactWrite(
  ctx: StoreContext,
  items: TransactItem[],
): Promise<TransactOutcome> {
  if (items.length === 0) return { committed: true };
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw new DynamoStoreError(
      `A transaction of ${items.length} items exceeds ${MAX_TRANSACTION_ITEMS}`,
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.doc.send(new TransactWriteCommand({ TransactItems: items.map(withoutUndefined) }));
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = reasonsOf(error);
      if (reasons.includes('ConditionalCheckFailed')) return { committed: false, reasons };
      if (reasons.includes('TransactionConflict') && attempt < CONFLICT_ATTEMPTS) {
        await sleep(backoffMs(attempt));
        continue;
      }
      throw error;
    }
  }
}

/** True when the item at `index` (if any) was cancelled because its condition failed. */
export function failedAt(outcome: TransactOutcome, index: number | undefined): boolean {
  return (
    index !== undefined && !outcome.committed && outcome.reasons[index] === 'ConditionalCheckFailed'
  );
}

/** True when any of the `count` items from `start` was cancelled because its condition failed. */
export function failedAmong(outcome: TransactOutcome, start: number, count: number): boolean {
  if (outcome.committed) return false;
  return outcome.reasons
    .slice(start, start + count)
    .some((reason) => reason === 'ConditionalCheckFailed');
}

function approximateBytes(item: TransactItem): number {
  // JSON length over-estimates DynamoDB's item size a little, which is the safe side.
  return Buffer.byteLength(
    JSON.stringify(item, (_key, value) => (value instanceof Set ? [...value] : value)),
  );
}

/**
 * Splits items into transactions of at most 100 items and ~3.5 MB, keeping order, so a
 * caller that must span several transactions writes the head record first.
 */
export function chunkTransaction(items: TransactItem[]): TransactItem[][] {
  const chunks: TransactItem[][] = [];
  let current: TransactItem[] = [];
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
