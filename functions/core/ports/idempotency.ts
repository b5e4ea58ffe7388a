/**
 * Replay protection (docs/contract.md §4): the Idempotency-Key records. Claims are written by the
 * write ports, inside the transaction they protect; this port only reads them.
 */
import type { IdempotencyRecord } from './records.js';

/** Stored with a write so that a replay of the same request returns the same answer. */
export type IdempotencyClaim = Omit<IdempotencyRecord, 'expiresAtEpochSeconds'> & {
  expiresAtEpochSeconds: number;
};

export interface IdempotencyStore {
  /** A live (unexpired) record, read strongly consistently. */
  getIdempotency(partyId: string, key: string): Promise<IdempotencyRecord | undefined>;
}
