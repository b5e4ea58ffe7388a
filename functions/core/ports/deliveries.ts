/**
 * Deliveries (SPEC §5): the outbox written with each message, the worker's attempts,
 * the recipients' acks and pull inbox, and the give-up path.
 */
import type { ObligationChange } from './obligations.js';
import type { Page, PageRequest } from './paging.js';
import type { DeliveryRecord } from './records.js';

/** The outcome of a delivery's last allowed attempt. */
export interface FinalAttempt {
  attempts: number;
  at: string;
  error: string;
}

export interface DeliveryStore {
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /** Deliveries written but not yet handed to SQS, created at or before `until`, oldest first (the outbox). */
  listUnqueued(until: string, limit: number): Promise<DeliveryRecord[]>;
  /** Marks deliveries as handed to SQS (removes them from the outbox); unknown ids are skipped. */
  markQueued(ids: string[]): Promise<void>;
  /** Records one delivery attempt's outcome; NotFoundError for an unknown delivery. */
  recordAttempt(
    id: string,
    outcome: { status: DeliveryRecord['status']; attempts: number; at: string; error?: string },
  ): Promise<void>;
  /**
   * Records the recipient's ack and the obligation it satisfies, in one transaction; a
   * second ack is a no-op. StaleWriteError when the obligation is no longer in the state read.
   */
  saveAcknowledgement(delivery: DeliveryRecord, satisfied: ObligationChange[]): Promise<void>;
  /** A party's deliveries, newest first (the pull inbox). */
  listDeliveries(partyId: string, page: PageRequest): Promise<Page<DeliveryRecord>>;
  /**
   * Gives up on a delivery (SPEC §5: "retried …, then dead-lettered and escalated"):
   * marks it `failed` and writes the deliveries that escalate the failure (outbox,
   * `queued: false`), in one transaction conditioned on the delivery not being `failed`
   * already — so a redelivered SQS message escalates exactly once. Returns false,
   * writing nothing, when it already was failed.
   */
  failDelivery(id: string, attempt: FinalAttempt, escalations: DeliveryRecord[]): Promise<boolean>;
}

/** @deprecated `failDelivery` is part of {@link DeliveryStore}. */
export type DeliveryFailureStore = Pick<DeliveryStore, 'failDelivery'>;
