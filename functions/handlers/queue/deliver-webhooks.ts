/**
 * The delivery worker: an SQS-triggered Lambda (partial batch responses on) that
 * turns each `{"deliveryId"}` message into a signed webhook POST (docs/contract.md §5),
 * and goes on expanding a notice's fan-out for each `{"continueFanout"}` message
 * (issue #14 item 5).
 */
import middy from '@middy/core';
import type {
  Context,
  SQSBatchItemFailure,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import type { VisibilityControl } from '../../adapters/sqs/sqs-delivery-queue.js';
import { QUEUE_DELAY_MAX_SECONDS, retryWaitSeconds } from '../../core/delivery/retry-schedule.js';
import { METRIC, type Metrics, NO_METRICS } from '../../core/ports/metrics.js';
import type { NoticeStore } from '../../core/ports/notices.js';
import { type DeliveryOutcome, deliverOne } from '../../core/use-cases/deliveries/deliver.js';
import type { DeliverDeps } from '../../core/use-cases/deliveries/delivery-deps.js';
import { expandQueuedFanout } from '../../core/use-cases/notices/fanout.js';
import { invocationLogging } from '../invocation-logging.js';
import { localLambdaContext } from '../lambda-context.js';
import { logErrors } from '../log-errors.js';
import type { Logger } from '../logger.js';

export interface DeliverWebhooksDeps extends DeliverDeps {
  /** Expands the notice fan-outs handed on through the queue. */
  notices: NoticeStore;
  /** Holds a retried message back until its next attempt. */
  visibility: VisibilityControl;
  logger: Logger;
  /** Failed attempts and failed deliveries are counted here (EMF on AWS). */
  metrics?: Metrics;
}

/** Left of an invocation's time when the worker stops expanding a fan-out (a batch and its hand-off). */
const FANOUT_TIME_MARGIN_MS = 4_000;
/** Expands at least this long per message, so a late message still moves the fan-out on. */
const FANOUT_MIN_BUDGET_MS = 1_000;

export type DeliverWebhooksHandler = (
  event: SQSEvent,
  context?: Context,
) => Promise<SQSBatchResponse>;

/** What a queue message asks of the worker. */
export type WorkerMessage =
  | { kind: 'delivery'; deliveryId: string }
  | { kind: 'fanout'; noticeId: string };

/** A message body as the worker reads it, or undefined for anything else (a poison message). */
export function workerMessageOf(body: string): WorkerMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';
  const keys = Object.keys(parsed);
  if (keys.length !== 1) return undefined;
  if ('deliveryId' in parsed && nonEmpty(parsed.deliveryId))
    return { kind: 'delivery', deliveryId: parsed.deliveryId };
  if ('continueFanout' in parsed && nonEmpty(parsed.continueFanout))
    return { kind: 'fanout', noticeId: parsed.continueFanout };
  return undefined;
}

/** The delivery id of a message body, or undefined for anything else. */
export function deliveryIdOf(body: string): string | undefined {
  const message = workerMessageOf(body);
  return message?.kind === 'delivery' ? message.deliveryId : undefined;
}

/**
 * Builds the worker. For each record: delivered, nothing to send, scheduled through the
 * outbox, or failed (kept in DynamoDB, escalated, redrivable) → not reported (Lambda
 * deletes it); a short retry → visibility set to the wait and reported. A record that
 * cannot be read, or whose processing throws, is reported on its own (one bad message
 * never fails the batch) and reaches the DLQ after the queue's maxReceiveCount.
 */
export function buildDeliverWebhooks(deps: DeliverWebhooksDeps): DeliverWebhooksHandler {
  const metrics = deps.metrics ?? NO_METRICS;
  const queueDelayMax = deps.delivery.queueDelayMaxSeconds ?? QUEUE_DELAY_MAX_SECONDS;
  async function processRecord(
    record: SQSRecord,
    remainingMs: () => number,
  ): Promise<SQSBatchItemFailure | undefined> {
    const failure = { itemIdentifier: record.messageId };
    const message = workerMessageOf(record.body);
    if (message === undefined) {
      // Left to its receive count: it reaches the DLQ, where an operator can read it.
      deps.logger.error('Unreadable delivery message', { messageId: record.messageId });
      return failure;
    }
    if (message.kind === 'fanout') return processFanout(record, message.noticeId, remainingMs());
    const { deliveryId } = message;
    const receives = Math.max(
      1,
      Number.parseInt(record.attributes.ApproximateReceiveCount, 10) || 1,
    );
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliverOne(deps, deliveryId);
    } catch (error) {
      deps.logger.error('Delivery attempt could not run', {
        deliveryId,
        receives,
        error: error instanceof Error ? error.message : String(error),
      });
      const wait = retryWaitSeconds(receives, deps.random, deps.delivery.retryScheduleSeconds);
      await delay(record, Math.min(queueDelayMax, wait ?? queueDelayMax));
      return failure;
    }
    switch (outcome.outcome) {
      case 'delivered':
        if (outcome.redriven > 0)
          deps.logger.info('Receiver is back; redrove its undelivered deliveries', {
            deliveryId,
            redriven: outcome.redriven,
          });
        return undefined;
      case 'skipped':
        return undefined;
      case 'scheduled':
        metrics.count(METRIC.deliveryAttemptFailed);
        deps.logger.info('Delivery will be retried from the outbox', { deliveryId, ...outcome });
        return undefined;
      case 'retry':
        metrics.count(METRIC.deliveryAttemptFailed);
        deps.logger.info('Delivery will be retried', { deliveryId, ...outcome });
        await delay(record, outcome.retryAfterSeconds);
        return failure;
      case 'failed':
        metrics.count(METRIC.deliveryFailed);
        return undefined;
    }
  }

  /**
   * Goes on with a notice's fan-out. A store error reports the message: it comes back
   * after the queue's visibility timeout (and the sweep takes over an idle fan-out anyway).
   */
  async function processFanout(
    record: SQSRecord,
    noticeId: string,
    remainingMs: number,
  ): Promise<SQSBatchItemFailure | undefined> {
    try {
      // Room for the last batch and its hand-off before the invocation's timeout.
      const budgetMs = Math.max(FANOUT_MIN_BUDGET_MS, remainingMs - FANOUT_TIME_MARGIN_MS);
      const result = await expandQueuedFanout(deps, noticeId, budgetMs);
      if (result === undefined) deps.logger.warn('Fan-out of an unknown notice', { noticeId });
      else deps.logger.info('Notice fan-out continued', { noticeId, ...result });
      return undefined;
    } catch (error) {
      deps.logger.error('Notice fan-out could not go on; it will be retried', {
        noticeId,
        error: error instanceof Error ? error.message : String(error),
      });
      return { itemIdentifier: record.messageId };
    }
  }

  // Best effort: if it fails the message just comes back after the queue's visibility timeout.
  async function delay(record: SQSRecord, seconds: number): Promise<void> {
    try {
      await deps.visibility.changeVisibility(record.receiptHandle, seconds);
    } catch (error) {
      deps.logger.warn('Could not set the retry delay', {
        messageId: record.messageId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  const handler = middy<SQSEvent, SQSBatchResponse>()
    .use(invocationLogging<SQSEvent, SQSBatchResponse>(deps.logger, () => ({})))
    .use(logErrors(deps.logger, 'Delivery batch'))
    .handler(async function deliverBatch(event, context) {
      const remainingMs = () => context.getRemainingTimeInMillis();
      // Records are independent deliveries, mostly to different parties: send them in parallel.
      const failures = await Promise.all(
        event.Records.map((record) => processRecord(record, remainingMs)),
      );
      return {
        batchItemFailures: failures.filter((f): f is SQSBatchItemFailure => f !== undefined),
      };
    });
  return (event, context) => handler(event, context ?? localLambdaContext('deliver-webhooks'));
}
