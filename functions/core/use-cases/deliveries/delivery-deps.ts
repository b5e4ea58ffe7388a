/**
 * What the delivery worker needs beyond the common ports: the webhook port, the
 * retry policy and the jitter source.
 */
import type { BackoffPolicy } from '../../delivery/backoff.js';
import type { SecretOpener } from '../../ports/secret-box.js';
import type { WebhookSender } from '../../ports/webhooks.js';
import type { Uses } from '../context.js';

export interface DeliverySettings {
  /** Attempts before a delivery is failed, escalated and dead-lettered (= the DLQ maxReceiveCount). */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** Time allowed for one webhook POST. */
  timeoutMs: number;
}

export interface DeliverDeps extends Uses<'deliveries' | 'parties' | 'queue'> {
  webhooks: WebhookSender;
  /** Opens recipients' sealed webhook secrets (on AWS the only role allowed to decrypt them). */
  secretBox: SecretOpener;
  delivery: DeliverySettings;
  /** Jitter source in [0, 1) for the backoff; omitted means no jitter. */
  random?: () => number;
}
