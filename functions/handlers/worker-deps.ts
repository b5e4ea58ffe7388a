/**
 * Deps of the queue and schedule handlers, from the common runtime plus their settings.
 * Lambda entry points and the local runtime both build them here.
 */
import { createFetchWebhookSender } from '../adapters/http/fetch-webhook-sender.js';
import type { VisibilityControl } from '../adapters/sqs/sqs-delivery-queue.js';
import type { DeliveryQueue } from '../core/ports/delivery-queue.js';
import type { MessageArchive } from '../core/ports/message-archive.js';
import type { Ports } from '../core/ports/ports.js';
import type { SecretOpener } from '../core/ports/secret-box.js';
import type { WebhookSender } from '../core/ports/webhooks.js';
import type { DeliverWebhooksDeps } from './queue/deliver-webhooks.js';
import type { GatewayRuntime } from './runtime.js';
import type { SweepHandlerDeps } from './schedule/sweep.js';

/** The delivery worker's deps; `webhooks` replaces the fetch sender (tests). */
export function deliverWebhooksDeps(
  runtime: GatewayRuntime &
    Pick<Ports, 'deliveries' | 'parties' | 'notices'> & {
      queue: DeliveryQueue & VisibilityControl;
      secretBox: SecretOpener;
      /** The verbatim archive the bodies sent are kept in (S3 on AWS, a folder locally). */
      archive?: MessageArchive;
    },
  webhooks?: WebhookSender,
): DeliverWebhooksDeps {
  const { config } = runtime;
  return {
    ...runtime,
    webhooks:
      webhooks ?? createFetchWebhookSender({ allowInsecure: config.webhooks.allowInsecure }),
    visibility: runtime.queue,
    delivery: {
      retryScheduleSeconds: config.delivery.retryScheduleSeconds,
      timeoutMs: config.webhooks.timeoutMs,
    },
    // Bounded jitter: a recipient outage's retries spread out instead of arriving in waves.
    random: Math.random,
  };
}

/** The sweep's deps. */
export function sweepDeps(
  runtime: GatewayRuntime &
    Pick<Ports, 'obligations' | 'parties' | 'deliveries' | 'notices' | 'queue'> &
    Partial<Pick<Ports, 'connections'>>,
): SweepHandlerDeps {
  return {
    ...runtime,
    outboxGraceSeconds: runtime.config.outboxGraceSeconds,
    sweepPageSize: runtime.config.sweep.pageSize,
  };
}
