/**
 * The audit trail (Unified Requirements п.90-1(7), docs/contract.md §6): one append-only hash chain
 * per party. 002 п.90-1(7): "ақпараттық хабарламаларды беру/қабылдау оқиғаларын тіркеу" —
 * every message received or sent and every service event becomes one entry.
 *
 * An entry's `hash` is SHA-256 over its canonical form, which includes the previous
 * entry's hash, so changing, removing or inserting one entry breaks every later link;
 * the daily signed digest of chain heads (`digest.ts`) catches a rewrite of the whole
 * chain. Entries never expire: 002 п.38 keeps logs at least three years.
 */
import { createHash } from 'node:crypto';

/** What an entry records. Messages carry the SHA-256 of their raw bytes. */
export type AuditAction =
  | 'message.received'
  | 'message.sent'
  | 'connection.blocked'
  | 'connection.unblocked'
  | 'credentials.reissued'
  | 'credentials.expiring'
  | 'webhook_secret.rotated'
  | 'obligation.escalated'
  | 'obligation.waived'
  /** 001 п.17: the quarterly summary issued to an `authority` party (the gateway's job). */
  | 'report.quarterly';

/** The fields a writer supplies; sequence, previous hash and hash are the chain's. */
export interface AuditEvent {
  /** The party whose chain records this (the sender of a received message, the recipient of a sent one). */
  partyId: string;
  /** When the operation ended (RFC 3339 UTC): the instant the entry is written. */
  at: string;
  /** When the operation started (the request's arrival); equals `at` for instantaneous events. */
  startedAt: string;
  /** The source address the request came from (п.90-1(1) "қосылу нүктесі"); `gateway` for the gateway's own events. */
  connectionPoint: string;
  /** Who acted: the OAuth2 client id of the caller, or `gateway`. */
  userId: string;
  /** The gateway function that recorded it (Annex 4 "event source"), e.g. `post-incident`. */
  source: string;
  action: AuditAction;
  /** `accepted`, `rejected`, `delivered`, `failed`, … as the action defines. */
  outcome: string;
  /** The incident, notice, delivery or party the entry is about. */
  subjectId: string;
  /** Hex SHA-256 of the raw bytes received or sent; for a service event, of its canonical detail. */
  sha256: string;
  /** One human-readable line (Annex 4 "оқиғаның сипаттамасы"). */
  description: string;
}

/** One link of a party's chain as stored. */
export interface AuditEntry extends AuditEvent {
  /** 1, 2, 3, … without gaps, per party. */
  seq: number;
  /** The previous entry's hash; {@link GENESIS_HASH} for the first. */
  prevHash: string;
  /** Hex SHA-256 of {@link canonicalAuditEntry}. */
  hash: string;
}

/** The last link of a party's chain: what the next append builds on. */
export interface AuditHead {
  partyId: string;
  seq: number;
  hash: string;
  at: string;
}

/** The "previous hash" of a party's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Hex SHA-256 of bytes or a UTF-8 string. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The bytes an entry's hash covers: a JSON array in a fixed field order, so neither
 * key order nor an added optional field can make two writers disagree. The leading
 * `1` versions the layout.
 */
export function canonicalAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([
    1,
    entry.partyId,
    entry.seq,
    entry.at,
    entry.startedAt,
    entry.connectionPoint,
    entry.userId,
    entry.source,
    entry.action,
    entry.outcome,
    entry.subjectId,
    entry.sha256,
    entry.description,
    entry.prevHash,
  ]);
}

/** The hash an entry must carry. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonicalAuditEntry(entry));
}

/**
 * Links one party's events onto its chain whose last entry is `head` (none for an
 * empty chain), returning the entries in order and the new head (undefined when no
 * events were given).
 */
export function chainAuditEvents(
  head: Pick<AuditHead, 'seq' | 'hash'> | undefined,
  events: readonly AuditEvent[],
): { entries: AuditEntry[]; head: AuditHead | undefined } {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const entries: AuditEntry[] = [];
  for (const event of events) {
    seq += 1;
    const unhashed = { ...event, seq, prevHash };
    const hash = hashAuditEntry(unhashed);
    entries.push({ ...unhashed, hash });
    prevHash = hash;
  }
  const last = entries.at(-1);
  return {
    entries,
    head: last ? { partyId: last.partyId, seq: last.seq, hash: last.hash, at: last.at } : undefined,
  };
}
