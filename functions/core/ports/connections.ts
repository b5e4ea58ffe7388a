/**
 * The state of each party's connection (Unified Requirements п.90-1(2)–(3)): whether it
 * is blocked and why, and the counters the blocking rules read — consecutive
 * authentication failures, when it was last seen, recent rate breaches and hostile
 * requests, items read this hour. One small record per party, apart from the party's
 * registration, so re-registering a party never races a block.
 */
import type { AuditEvent } from '../audit/audit-entry.js';
import type { DeliveryRecord } from './records.js';

/** Why a connection was blocked (002 п.90-1(3), one reason per rule). */
export type BlockReason =
  | 'auth_failures'
  | 'inactivity'
  | 'rate_breaches'
  | 'hostile_input'
  | 'bulk_reading'
  | 'credential_expired'
  | 'admin';

export interface ConnectionBlock {
  at: string;
  reason: BlockReason;
  /** One line for people: the rule and the numbers that passed it. */
  detail: string;
  /** Who blocked: `gateway` for a rule, the admin's party id otherwise. */
  by: string;
}

/** Strikes counted within a sliding window (rate breaches, hostile input). */
export type StrikeKind = 'rate_breach' | 'hostile_input';

export interface ConnectionState {
  partyId: string;
  blocked?: ConnectionBlock;
  /** Consecutive authentication failures from the party's connection points. */
  authFailures: number;
  /** The last request that got through (RFC 3339). */
  lastSeenAt?: string;
  /** When the last block was lifted; inactivity counts from here when it is later than lastSeenAt. */
  unblockedAt?: string;
  /**
   * When the party's current client credential was issued: its last reissue (п.90-1(4),
   * (10)). A token issued before it is refused (401); the credential's age counts from it.
   * Absent: never reissued, and the age counts from the party's registration.
   */
  credentialsIssuedAt?: string;
  /** The credential (by its issue time, or `registration`) whose expiry reminder went out. */
  credentialReminderFor?: string;
}

/** A block or unblock, written whole with its notices and its audit entry. */
export interface ConnectionChange {
  partyId: string;
  /** `connection.blocked` / `connection.unblocked` to every `ncc` party (the outbox). */
  deliveries: DeliveryRecord[];
  /** The audit entry of the party's chain that records the change. */
  audit: AuditEvent;
}

export interface ConnectionStore {
  getConnection(partyId: string): Promise<ConnectionState | undefined>;
  /** Adds one consecutive authentication failure; returns the count after it. */
  addAuthFailure(partyId: string, at: string): Promise<number>;
  /** A request got through: failures back to zero, `lastSeenAt` = `at`. */
  recordSeen(partyId: string, at: string): Promise<void>;
  /**
   * Adds a strike at `atMs` and returns how many strikes of that kind lie within the
   * `windowMs` before it (this one included).
   */
  addStrike(partyId: string, kind: StrikeKind, atMs: number, windowMs: number): Promise<number>;
  /** Adds `items` to what the party read in the clock hour of `atMs`; returns the hour's total. */
  addReads(partyId: string, items: number, atMs: number): Promise<number>;
  /**
   * Blocks the connection unless it is blocked already, in one transaction with the
   * change's deliveries and audit entry. False, writing nothing, when it already was.
   */
  block(block: ConnectionBlock, change: ConnectionChange): Promise<boolean>;
  /**
   * Lifts the block, in one transaction with the change's deliveries and audit entry,
   * and resets the counters. Returns the block lifted; undefined, writing nothing, when
   * the connection was not blocked.
   */
  unblock(at: string, change: ConnectionChange): Promise<ConnectionBlock | undefined>;
  /**
   * Records a reissue of the party's client credentials (tokens issued before `issuedAt`
   * stop working) and forgets the expiry reminder of the old credential, in one
   * transaction with the change's deliveries and audit entry.
   */
  reissueCredentials(issuedAt: string, change: ConnectionChange): Promise<void>;
  /**
   * Records that the expiry reminder of the credential `credential` (its issue time, or
   * `registration`) went out, in one transaction with its deliveries and audit entry —
   * unless it already had: false, writing nothing. So however often the sweep runs, a
   * credential's reminder goes out once.
   */
  remindCredentialExpiry(credential: string, change: ConnectionChange): Promise<boolean>;
}
