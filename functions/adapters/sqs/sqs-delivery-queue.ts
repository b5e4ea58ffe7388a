/**
 * The delivery queue on SQS. Messages carry only `{"deliveryId": "…"}`, or
 * `{"continueFanout": "ntc_…"}` for a notice whose fan-out the worker goes on expanding;
 * the worker loads the rest, so a message never holds a stale copy of a record.
 */
import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { DependencyUnavailableError } from '../../core/errors.js';
import type { DeliveryQueue } from '../../core/ports/delivery-queue.js';
import type { AwsClientConfig } from '../aws-client-options.js';
import { createSqsClient } from './client.js';

/** SendMessageBatch takes at most ten entries. */
const BATCH_LIMIT = 10;
/** SQS's longest visibility timeout (12 h). */
export const MAX_VISIBILITY_SECONDS = 43_200;

/** Puts a received message back on the queue after a delay (the retry backoff). */
export interface VisibilityControl {
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
}

export interface SqsDeliveryQueue extends DeliveryQueue, VisibilityControl {}

export interface SqsDeliveryQueueOptions {
  client: SQSClient;
  queueUrl: string;
}

/** The body of one delivery message. */
export function deliveryMessageBody(deliveryId: string): string {
  return JSON.stringify({ deliveryId });
}

/** The body of a "go on expanding this notice's fan-out" message (issue #14 item 5). */
export function fanoutMessageBody(noticeId: string): string {
  return JSON.stringify({ continueFanout: noticeId });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function unavailable(cause: unknown): DependencyUnavailableError {
  return cause instanceof DependencyUnavailableError
    ? cause
    : new DependencyUnavailableError('SQS', { cause });
}

/**
 * The producer's side of the SQS delivery queue: sends only, so a producer's bundle
 * names no consumer command its role is not granted (issue #13 item 1). `enqueue` sends
 * all chunks in parallel and throws {@link DependencyUnavailableError} if any entry
 * failed; the caller then leaves the whole set in the outbox, and entries that did go
 * through are simply sent twice (the worker skips a delivery that is already delivered).
 */
export function createSqsEnqueue({ client, queueUrl }: SqsDeliveryQueueOptions): DeliveryQueue {
  // SendMessageBatch for one message too: the producers' bundles name one send command.
  async function sendChunk(bodies: string[]): Promise<void> {
    const result = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        // Entry ids only need to be unique within the batch.
        Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
    const failed = result.Failed ?? [];
    if (failed.length > 0) {
      const reasons = failed.map((f) => `${f.Code ?? 'unknown'}: ${f.Message ?? ''}`).join('; ');
      throw new DependencyUnavailableError('SQS', {
        cause: new Error(`${failed.length} of ${bodies.length} messages not sent (${reasons})`),
      });
    }
  }

  return {
    async enqueue(deliveryIds) {
      if (deliveryIds.length === 0) return;
      try {
        await Promise.all(chunks(deliveryIds.map(deliveryMessageBody), BATCH_LIMIT).map(sendChunk));
      } catch (error) {
        throw unavailable(error);
      }
    },
    async enqueueFanout(noticeId) {
      try {
        await sendChunk([fanoutMessageBody(noticeId)]);
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}

/** The consumer's side: puts a received message back after a delay (the worker only). */
export function createSqsVisibilityControl({
  client,
  queueUrl,
}: SqsDeliveryQueueOptions): VisibilityControl {
  return {
    async changeVisibility(receiptHandle, seconds) {
      const timeout = Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.floor(seconds)));
      try {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: timeout,
          }),
        );
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}

/** The part of the gateway's configuration the SQS adapter reads. */
export interface SqsSettings {
  deliveryQueueUrl: string;
  aws: AwsClientConfig;
  serviceEndpoints?: { sqs?: string };
}

/** Both sides of the delivery queue: what the worker, the local runtime and tests use. */
export function createSqsDeliveryQueue(options: SqsDeliveryQueueOptions): SqsDeliveryQueue {
  return { ...createSqsEnqueue(options), ...createSqsVisibilityControl(options) };
}

function queueOptions(settings: SqsSettings): SqsDeliveryQueueOptions {
  const endpoint = settings.serviceEndpoints?.sqs;
  const client = createSqsClient(
    endpoint === undefined ? settings.aws : { ...settings.aws, endpoint },
  );
  return { client, queueUrl: settings.deliveryQueueUrl };
}

/** The delivery queue for a producer, on a new SQS client (Lambda wiring: one per process). */
export function sqsDeliveryQueue(settings: SqsSettings): DeliveryQueue {
  return createSqsEnqueue(queueOptions(settings));
}

/** The delivery queue for its consumer (the worker): sends and changes visibility. */
export function sqsConsumerQueue(settings: SqsSettings): SqsDeliveryQueue {
  return createSqsDeliveryQueue(queueOptions(settings));
}
