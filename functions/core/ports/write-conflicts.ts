/**
 * The two ways a store write can lose a race, as every write port reports them. Both
 * mean that nothing of the write was stored.
 */
import { ConflictError } from '../errors.js';
import type { Receipt } from '../model/messages.js';

/**
 * A write lost to an earlier one with the same claim: the (SOC, socReference) pair, the
 * (reporter, reference) pair of a vulnerability, or the idempotency key. Carries what the earlier request stored, so the caller can
 * answer a replay with the original receipt or refuse a different body with 409.
 */
export class ClaimTakenError extends Error {
  constructor(
    readonly claim: 'socReference' | 'vulnerabilityReference' | 'idempotencyKey',
    readonly existing: {
      requestSha256: string;
      receipt: Receipt;
      statusCode: number;
      subjectId: string;
      /** The first request's route and canonical content, when stored (Idempotency-Key only). */
      request?: { route: string; content: unknown };
    },
  ) {
    super(`${claim} already used`);
    this.name = 'ClaimTakenError';
  }
}

/**
 * An optimistic-concurrency write found a record changed since it was read: the write
 * was cancelled whole. `items` names the transaction items whose condition failed
 * (`incident`, `version`, `obligation:card`, …). The use case reloads and retries
 * (`use-cases/stale-writes.ts`); one that keeps losing is a 409 `concurrent_change`
 * with Retry-After, never a 500 — hence a {@link ConflictError}.
 */
export class StaleWriteError extends ConflictError {
  readonly items: readonly string[];

  constructor(what: string, items: readonly string[] = []) {
    super(
      'concurrent_change',
      items.length === 0
        ? `${what} changed concurrently; nothing was written. Retry.`
        : `${what} changed concurrently (${items.join(', ')}); nothing was written. Retry.`,
      { retryAfterSeconds: 1 },
    );
    this.name = 'StaleWriteError';
    this.items = items;
  }
}
