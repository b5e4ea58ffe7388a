/** NCC notices (SPEC §4): the notice, its inbox entries, acks and responses. */
import type { Obligation } from '../clocks/obligations.js';
import type { IdempotencyClaim } from './idempotency.js';
import type { NewIncidentWrite } from './incidents.js';
import type { NoticeTrackingStore } from './notice-tracking.js';
import type { ObligationChange } from './obligations.js';
import type { Page, PageRequest } from './paging.js';
import type {
  DeliveryRecord,
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
} from './records.js';

export interface NewNoticeWrite {
  notice: NoticeRecord;
  recipients: NoticeRecipientRecord[];
  obligations: Obligation[];
  deliveries: DeliveryRecord[];
  idempotency?: IdempotencyClaim;
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
}

/** Writes and reads of notices, including what the issuing NCC reads about its own (tracking). */
export interface NoticeStore extends NoticeTrackingStore {
  /**
   * Notice, inbox entries, obligations and outbox deliveries. A large fan-out may span
   * several transactions: the idempotency claim and the head go first (a concurrent
   * duplicate fails with ClaimTakenError before writing anything), the obligations
   * last; a later transaction's failure removes what the earlier ones wrote.
   */
  saveNewNotice(write: NewNoticeWrite): Promise<void>;
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
  ): Promise<void>;
  /**
   * The response, its effect on obligations, its idempotency record and, for an
   * incident_card, the new incident, in one transaction. A response already stored is a
   * no-op; ClaimTakenError on a taken claim; StaleWriteError when an obligation is no
   * longer in the state read; NotFoundError when there is no such inbox entry.
   */
  saveNoticeResponse(write: NoticeResponseWrite): Promise<void>;
}
