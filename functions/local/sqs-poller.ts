/**
 * Stands in for Lambda's SQS event source mapping on this machine (docs/contract.md §7): long-polls
 * a queue, hands each batch to the queue handler as an SQS event, deletes what the
 * handler did not report as failed, and leaves failures for their visibility timeout
 * (which the handler has set to the retry backoff). Partial batch responses, as on AWS.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DEFAULT_REGION } from '../adapters/aws-clients.js';
import type { Logger } from '../handlers/logger.js';

export interface SqsPollerOptions {
  /** Its request timeout must exceed `waitTimeSeconds` (see aws-clients `requestTimeoutMs`). */
  client: SQSClient;
  queueUrl: string;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  logger: Logger;
  /** Long-poll wait, at most 2 s so that stop() is prompt even if an abort is ignored. */
  waitTimeSeconds?: number;
  /** Messages per batch (SQS allows 1–10). */
  maxMessages?: number;
  /**
   * Batches in hand at once (default 1): Lambda's event source mapping runs several
   * concurrent invocations on a busy queue, each with its own batch.
   */
  concurrency?: number;
  /** Shown as the records' eventSourceARN. */
  queueArn?: string;
  region?: string;
}

export interface SqsPoller {
  /** Stops polling and resolves once the batches in hand, if any, are finished. */
  stop(): Promise<void>;
}

const FIRST_ERROR_PAUSE_MS = 250;
const MAX_ERROR_PAUSE_MS = 5_000;

/** One received message as Lambda would present it. */
export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const now = String(Date.now());
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? now,
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? now,
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Starts polling at once; polling survives the emulator being down (logs, pauses, retries). */
export function startSqsPoller(options: SqsPollerOptions): SqsPoller {
  const { client, queueUrl, handler, logger } = options;
  const region = options.region ?? DEFAULT_REGION;
  const queueName = queueUrl.split('/').pop() ?? 'queue';
  const queueArn = options.queueArn ?? `arn:aws:sqs:${region}:000000000000:${queueName}`;
  const waitTimeSeconds = Math.min(2, options.waitTimeSeconds ?? 2);
  const abort = new AbortController();

  async function receive(): Promise<Message[]> {
    const result = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        WaitTimeSeconds: waitTimeSeconds,
        MaxNumberOfMessages: options.maxMessages ?? 10,
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return result.Messages ?? [];
  }

  async function dispatch(messages: Message[]): Promise<void> {
    const records = messages.map((m) => toSqsRecord(m, queueArn, region));
    let response: SQSBatchResponse;
    try {
      response = await handler({ Records: records });
    } catch (error) {
      // As on AWS: a failed invocation leaves the whole batch for its visibility timeout.
      logger.error('Queue handler failed; the batch will be received again', {
        queueName,
        error: errorText(error),
      });
      return;
    }
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const done = records.filter((r) => !failed.has(r.messageId));
    if (done.length === 0) return;
    try {
      const result = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((r, index) => ({ Id: String(index), ReceiptHandle: r.receiptHandle })),
        }),
      );
      if ((result.Failed ?? []).length > 0) {
        logger.warn('Some handled messages were not deleted and will be handled again', {
          queueName,
          failed: result.Failed,
        });
      }
    } catch (error) {
      logger.warn('Deleting handled messages failed; they will be handled again', {
        queueName,
        error: errorText(error),
      });
    }
  }

  async function pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: abort.signal });
    } catch {
      // Aborted by stop(): the loop condition ends the loop.
    }
  }

  async function loop(): Promise<void> {
    let errorPauseMs = 0;
    while (!abort.signal.aborted) {
      let messages: Message[];
      try {
        messages = await receive();
      } catch (error) {
        if (abort.signal.aborted) break;
        errorPauseMs = Math.min(
          MAX_ERROR_PAUSE_MS,
          errorPauseMs === 0 ? FIRST_ERROR_PAUSE_MS : errorPauseMs * 2,
        );
        logger.warn('Receiving from the queue failed; retrying', {
          queueName,
          retryInMs: errorPauseMs,
          error: errorText(error),
        });
        await pause(errorPauseMs);
        continue;
      }
      errorPauseMs = 0;
      if (messages.length > 0) await dispatch(messages);
    }
  }

  const running = Promise.all(
    Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => loop()),
  );
  return {
    async stop() {
      abort.abort();
      await running;
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
