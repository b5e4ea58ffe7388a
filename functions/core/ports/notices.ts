/** NCC notices (docs/contract.md §4): the notice, its inbox entries, acks and responses. */
import type { AuditEvent } from '../audit/audit-entry.js';
import type { Obligation } from '../clocks/obligations.js';
import type { IdempotencyClaim } from './idempotency.js';
import type { NewIncidentWrite } from './incidents.js';
import type { NoticeTrackingStore } from './notice-tracking.js';
import type { ObligationChange } from './obligations.js';
import type { Page, PageRequest } from './paging.js';
import type {
  DeliveryRecord,
  NoticeFanoutRecord,
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
} from './records.js';

/**
 * Recipients per fan-out batch: one batch (an inbox entry, two clocks and a delivery per
 * recipient, and the fan-out's progress) fits one DynamoDB transaction of 100 items.
 */
export const FANOUT_BATCH_RECIPIENTS = 20;

/** One recipient's share of a notice: its inbox entry, its clocks and its `notice.issued` delivery. */
export interface FanoutShare {
  recipient: NoticeRecipientRecord;
  obligations: Obligation[];
  delivery: DeliveryRecord;
}

export interface NewNoticeWrite {
  notice: NoticeRecord;
  /** The fan-out record, `expanded` 0; the store advances it by the shares it writes. */
  fanout: NoticeFanoutRecord;
  /** The first recipients' shares (at most {@link FANOUT_BATCH_RECIPIENTS}), in `fanout.recipients` order. */
  shares: FanoutShare[];
  /** The issuer's own clocks (`notify_responsible`), not a recipient's. */
  obligations: Obligation[];
  /** Deliveries besides the shares' (escalations of a clock opened missed). */
  deliveries: DeliveryRecord[];
  idempotency?: IdempotencyClaim;
  /** Audit entries of this write (the message received), appended to their chains in the same transaction (п.90-1(7)). */
  audit?: AuditEvent[];
}

/** The next batch of a fan-out: shares of the recipients from position `from` on. */
export interface FanoutBatchWrite {
  noticeId: string;
  /** The `expanded` count read: the batch is written only while it still holds. */
  from: number;
  /** The fan-out's recipient count (the batch that reaches it completes the fan-out). */
  total: number;
  /** At most {@link FANOUT_BATCH_RECIPIENTS}, in `fanout.recipients` order. */
  shares: FanoutShare[];
  /** Now, for the progress marker. */
  at: string;
}

export interface NoticeResponseWrite {
  response: NoticeResponseRecord;
  recipient: NoticeRecipientRecord;
  /** Guarded by the state read (else StaleWriteError). */
  satisfied: ObligationChange[];
  /** An incident_card response's new incident (its claims included; leave its `idempotency` unset). */
  incident?: NewIncidentWrite;
  /** The Idempotency-Key record of the response request; ClaimTakenError when the key is taken. */
  idempotency?: IdempotencyClaim;
  /** Outbox deliveries the response causes (`notice.responded` to the issuing NCC). */
  deliveries?: DeliveryRecord[];
  /** Audit entries of this write (the message received), appended to their chains in the same transaction (п.90-1(7)). */
  audit?: AuditEvent[];
}

/** Writes and reads of notices, including what the issuing NCC reads about its own (tracking). */
export interface NoticeStore extends NoticeTrackingStore {
  /**
   * Accepts a notice whole, in one transaction: the idempotency claim, the head, the
   * fan-out record, the issuer's clocks and deliveries, and as many of `shares` as fit
   * (all of a small notice). A concurrent duplicate fails with ClaimTakenError and writes
   * nothing. Resolves with the fan-out's progress: how many shares were written.
   */
  saveNewNotice(write: NewNoticeWrite): Promise<{ expanded: number }>;
  /**
   * Writes a prefix of the batch's shares (at least one) and advances the fan-out by as
   * many, in one transaction, only while it stands at `from`; the batch that reaches
   * `total` completes the fan-out. StaleWriteError when it no longer stands at `from`
   * (another expander was first: re-read and go on). Resolves with the new progress.
   */
  saveFanoutBatch(batch: FanoutBatchWrite): Promise<{ expanded: number }>;
  getFanout(noticeId: string): Promise<NoticeFanoutRecord | undefined>;
  /** Ids of notices whose fan-out is unfinished and has not progressed since `idleSince`, oldest first. */
  listUnfinishedFanouts(idleSince: string, limit: number): Promise<string[]>;
  getNotice(id: string): Promise<NoticeRecord | undefined>;
  getRecipient(noticeId: string, partyId: string): Promise<NoticeRecipientRecord | undefined>;
  /** A party's inbox of notices, newest first. */
  listInbox(
    partyId: string,
    page: PageRequest,
  ): Promise<Page<NoticeRecipientRecord & { notice: NoticeRecord }>>;
  /** Like saveAcknowledgement, on the inbox entry; NotFoundError when there is no such entry. */
  saveNoticeAck(
    recipient: NoticeRecipientRecord,
    satisfied: ObligationChange[],
    /** Outbox deliveries the first ack causes (`notice.acknowledged` to the issuer). */
    deliveries?: DeliveryRecord[],
    /** The ack's `message.received` entry, appended in the same transaction (none when it was acknowledged before). */
    audit?: AuditEvent[],
  ): Promise<void>;
  /**
   * The response, its effect on obligations, its idempotency record and, for an
   * incident_card, the new incident, in one transaction. A response already stored is a
   * no-op; ClaimTakenError on a taken claim; StaleWriteError when an obligation is no
   * longer in the state read; NotFoundError when there is no such inbox entry.
   */
  saveNoticeResponse(write: NoticeResponseWrite): Promise<void>;
}
