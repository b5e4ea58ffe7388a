/**
 * The audit trail's storage (docs/contract.md §6, п.90-1(7)): per-party chains of entries that are
 * only ever appended, each chain's head, and the signed daily digests. No method
 * changes or deletes an entry; nothing here expires (002 п.38: at least three years).
 */
import type { AuditEntry, AuditEvent, AuditHead } from '../audit/audit-entry.js';
import type { SignedAuditDigest } from '../audit/digest.js';

/** Another append moved the head first; re-read the head and chain again. */
export class AuditHeadMovedError extends Error {
  constructor(partyId: string) {
    super(`The audit chain head of ${partyId} moved`);
    this.name = 'AuditHeadMovedError';
  }
}

export interface AuditTrail {
  /** The party's chain head; undefined for an empty chain. */
  head(partyId: string): Promise<AuditHead | undefined>;
  /**
   * Links `events` onto each party's chain and writes them, with the new heads, in one
   * transaction (retrying on a moved head). Used for the gateway's own events; a write
   * that records a message carries its entries in its own transaction instead.
   */
  append(events: readonly AuditEvent[]): Promise<AuditEntry[]>;
  /** Up to `limit` entries of a party with seq ≥ `fromSeq`, ascending. */
  entries(partyId: string, fromSeq: number, limit: number): Promise<AuditEntry[]>;
  /** A party's entries whose `at` lies in [start, end), ascending by seq. */
  entriesBetween(partyId: string, start: string, end: string): Promise<AuditEntry[]>;
  /** Every party's head (for the daily digest). */
  heads(): Promise<AuditHead[]>;
  /** Stores a day's signed digest; false when that day already has one. */
  putDigest(digest: SignedAuditDigest): Promise<boolean>;
  /** Every digest, oldest day first. */
  digests(): Promise<SignedAuditDigest[]>;
}
