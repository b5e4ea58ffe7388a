/**
 * The two ways a store write can lose a race, as every write port reports them. Both
 * mean that nothing of the write was stored.
 */
import type { Receipt } from '../model/messages.js';

/**
 * A write lost to an earlier one with the same claim: the (SOC, socReference) pair or
 * the idempotency key. Carries what the earlier request stored, so the caller can
 * answer a replay with the original receipt or refuse a different body with 409.
 */
export class ClaimTakenError extends Error {
  constructor(
    readonly claim: 'socReference' | 'idempotencyKey',
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

/** An optimistic-concurrency write found the record changed since it was read; reload and retry. */
export class StaleWriteError extends Error {
  constructor(what: string) {
    super(`${what} changed concurrently`);
    this.name = 'StaleWriteError';
  }
}
