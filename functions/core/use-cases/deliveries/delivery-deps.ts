/**
 * What the delivery worker needs beyond the common ports: the webhook port, the
 * retry schedule and the jitter source.
 */
import type { MessageArchive } from '../../ports/message-archive.js';
import type { DeliveryRecord } from '../../ports/records.js';
import type { SecretOpener } from '../../ports/secret-box.js';
import type { WebhookSender } from '../../ports/webhooks.js';
import type { Uses } from '../context.js';
import type { DeliveryOutcome } from './deliver.js';

export interface DeliverySettings {
  /**
   * Nominal waits after the 1st, 2nd, … failed attempt, in seconds (production:
   * `RETRY_SCHEDULE_SECONDS`, 10 s … 24 h). A delivery fails, and is escalated, after
   * one attempt more than there are waits.
   */
  retryScheduleSeconds: readonly number[];
  /**
   * The longest wait left to SQS (the message is held back); a longer one drops the
   * message and leaves the delivery in the outbox, due then, for the sweep. Default
   * 900 s, the most SQS can delay a message.
   */
  queueDelayMaxSeconds?: number;
  /** Time allowed for one webhook POST. */
  timeoutMs: number;
}

export interface DeliverDeps extends Uses<'deliveries' | 'parties' | 'queue'> {
  webhooks: WebhookSender;
  /** Opens recipients' sealed webhook secrets (on AWS the only role allowed to decrypt them). */
  secretBox: SecretOpener;
  delivery: DeliverySettings;
  /**
   * Keeps every webhook body before it is POSTed (issue #15 item 2: every message sent is
   * kept byte for byte). Absent: nothing is archived (tests that do not need it).
   */
  archive?: Pick<MessageArchive, 'keep'>;
  /** Jitter source in [0, 1) for the retry schedule; omitted means the nominal waits. */
  random?: () => number;
  /**
   * Told of every attempt that did something (sent, waited, failed, or left to the inbox
   * of a party without a webhook) — not of repeats of one already settled. The local
   * console prints a line per delivery and escalation from it (issue #14 item 8).
   */
  onAttempt?: (delivery: DeliveryRecord, outcome: DeliveryOutcome) => void;
}
