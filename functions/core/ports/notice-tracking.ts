/**
 * What the issuing NCC reads about its notices (issue #14 item 1): a narrow read port
 * of its own, beside the write ports. One notice's tracking is one query of the
 * notice's partition: inbox entries, responses, obligations and the fan-out together.
 */
import type { Obligation } from '../clocks/obligations.js';
import type { Page, PageRequest } from './paging.js';
import type {
  DeliveryRecord,
  NoticeFanoutRecord,
  NoticeRecipientRecord,
  NoticeRecord,
  NoticeResponseRecord,
} from './records.js';

/** Everything stored about one notice besides its head. */
export interface NoticeTracking {
  recipients: NoticeRecipientRecord[];
  responses: NoticeResponseRecord[];
  obligations: Obligation[];
  /** The fan-out record (absent on notices written before it existed, which are complete). */
  fanout?: NoticeFanoutRecord;
}

export interface NoticeTrackingStore {
  /** The notices `issuerId` issued, newest first. */
  listIssuedNotices(issuerId: string, page: PageRequest): Promise<Page<NoticeRecord>>;
  /** Inbox entries, responses and obligations of one notice. */
  trackNotice(noticeId: string): Promise<NoticeTracking>;
  /** Deliveries by id (missing ones left out). */
  getDeliveries(ids: readonly string[]): Promise<DeliveryRecord[]>;
}
