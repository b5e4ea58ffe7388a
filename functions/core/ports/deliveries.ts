/**
 * Deliveries (docs/contract.md §5): the outbox written with each message, the worker's attempts and
 * their schedule, the recipients' acks and pull inbox, the give-up path and redrives.
 * The delivery as stored is the source of truth: SQS only carries "try this one now".
 */
import type { AuditEvent } from '../audit/audit-entry.js';
import type { ObligationChange } from './obligations.js';
import type { Page, PageRequest } from './paging.js';
import type { DeliveryRecord } from './records.js';

/** The outcome of a delivery's last allowed attempt. */
export interface FinalAttempt {
  attempts: number;
  at: string;
  error: string;
}

/** The outcome of one attempt. */
export interface AttemptOutcome {
  status: DeliveryRecord['status'];
  attempts: number;
  at: string;
  error?: string;
  /** After a failed attempt: when the next one is due. */
  nextAttemptAt?: string;
  /**
   * Who brings the next attempt: `queue` (the SQS message is held back until then) or
   * `outbox` (the message is dropped; the delivery waits in the outbox, due at
   * `nextAttemptAt`, for the sweep's relay — for waits longer than SQS can hold).
   */
  retryVia?: 'queue' | 'outbox';
  /** SHA-256 of the body this attempt POSTed (kept in the archive before it was sent). */
  sentSha256?: string;
}

export interface DeliveryStore {
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /**
   * Deliveries waiting to be handed to SQS and due at or before `until`, earliest first
   * (the outbox, a sparse due index): new ones by creation, scheduled retries by
   * `nextAttemptAt`.
   */
  listUnqueued(until: string, limit: number): Promise<DeliveryRecord[]>;
  /**
   * Marks deliveries as handed to SQS (removes them from the outbox). Unknown ids are
   * skipped, and so is a delivery whose due time in the outbox is after `at`: a worker
   * rescheduled it meanwhile, and it must stay in the outbox.
   */
  markQueued(ids: string[], at: string): Promise<void>;
  /**
   * Records one attempt's outcome; NotFoundError for an unknown delivery. A failed
   * attempt with `nextAttemptAt` lists the delivery among its party's undelivered ones
   * (and, with `retryVia: 'outbox'`, puts it in the outbox due then); a delivered one
   * leaves both.
   */
  recordAttempt(
    delivery: DeliveryRecord,
    outcome: AttemptOutcome,
    /** The attempt's `message.sent` entry, appended in the same transaction (п.90-1(7)). */
    audit?: AuditEvent[],
  ): Promise<void>;
  /**
   * Records the recipient's ack and the obligation it satisfies, in one transaction; a
   * second ack is a no-op. StaleWriteError when the obligation is no longer in the state read.
   */
  saveAcknowledgement(
    delivery: DeliveryRecord,
    satisfied: ObligationChange[],
    /** The ack's `message.received` entry, appended in the same transaction (none for a second ack). */
    audit?: AuditEvent[],
  ): Promise<void>;
  /**
   * Writes a delivery whose id the caller derived from what it is about (the quarterly
   * summary of one quarter to one party, 001 п.17) unless a delivery with that id exists:
   * so a job run twice sends once. Returns false, writing nothing, when it existed.
   * `audit` entries are appended in the same transaction, so only when it is written.
   */
  saveDeliveryOnce(delivery: DeliveryRecord, audit?: readonly AuditEvent[]): Promise<boolean>;
  /** A party's deliveries, newest first (the pull inbox). */
  listDeliveries(partyId: string, page: PageRequest): Promise<Page<DeliveryRecord>>;
  /**
   * Gives up on a delivery (docs/contract.md §5: "retried …, then dead-lettered and escalated"):
   * marks it `failed` (it stays among its party's undelivered ones, and in the inbox)
   * and writes the deliveries that escalate the failure (outbox, `queued: false`), in
   * one transaction conditioned on the delivery not being `failed` already — so a
   * redelivered SQS message escalates exactly once. Returns false, writing nothing,
   * when it already was failed.
   */
  failDelivery(
    delivery: DeliveryRecord,
    attempt: FinalAttempt,
    escalations: DeliveryRecord[],
    /** The last attempt's `message.sent` entry (outcome `failed`), in the same transaction. */
    audit?: AuditEvent[],
  ): Promise<boolean>;
  /** A party's deliveries whose last attempt failed (failed, or waiting for a retry), oldest first. */
  listUndelivered(partyId: string, limit: number): Promise<DeliveryRecord[]>;
  /**
   * Makes each delivery due at `at`, in the outbox: a failed one starts a new round of
   * attempts (`attemptsBeforeRedrive` = its attempts), one waiting in the outbox for a
   * later retry is brought forward. Each is written only if its status and attempts
   * are still as given (a worker or another redrive may have moved it on); those that
   * are not, or are delivered, or are held by SQS right now, are skipped.
   * @returns the deliveries as redriven
   */
  redrive(deliveries: DeliveryRecord[], at: string): Promise<DeliveryRecord[]>;
}
