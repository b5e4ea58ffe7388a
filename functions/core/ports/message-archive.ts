/**
 * The verbatim archive (issue #15 item 2; 001 п.38 / 002: records kept ≥ 3 years): every
 * message received or sent, byte for byte, keyed by its SHA-256, so a receipt's digest
 * can be re-verified years later (003 Annex 1: data authentication, non-repudiation).
 */

/** Whether the gateway received the bytes from the party or sent them to it. */
export type ArchiveDirection = 'received' | 'sent';

export interface ArchiveEntry {
  /** Lowercase hex SHA-256 of `bytes`: the key, and the receipt's `sha256`. */
  sha256: string;
  bytes: Uint8Array;
  /** The Content-Type the bytes travelled with. */
  mediaType: string;
  /** The party that sent (received) or received (sent) the bytes. */
  partyId: string;
  direction: ArchiveDirection;
  /** When, RFC 3339 UTC; its day files the entry for the daily verification. */
  at: string;
}

export interface ArchivedMessage {
  sha256: string;
  bytes: Uint8Array;
  mediaType: string;
}

export interface MessageArchive {
  /**
   * Keeps the bytes (once per digest; they never change) and records that `partyId` may
   * read them. Resolves only when both are durable; rejects otherwise, and the caller
   * must then fail its request rather than answer a receipt.
   */
  keep(entry: ArchiveEntry): Promise<void>;
  /** The bytes, if they exist and `partyId` sent or received them (`undefined`: any party, for an admin). */
  read(sha256: string, partyId?: string): Promise<ArchivedMessage | undefined>;
  /** The digests filed under one UTC day (`YYYY-MM-DD`). */
  digestsOfDay(day: string): Promise<string[]>;
}

export class ArchiveUnavailableError extends Error {
  override name = 'ArchiveUnavailableError';
}
