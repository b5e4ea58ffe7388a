import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createSqsClient } from '../../functions/adapters/aws-clients.js';
import { QUEUE } from '../../functions/adapters/sqs/queue-definitions.js';
import { findFreePort } from '../../functions/local/emulators.js';
import { startSqsPoller } from '../../functions/local/sqs-poller.js';
import { provisionFresh, sqsEndpoint, TEST_REGION } from '../support/emulators.js';
import { memoryLogger } from '../support/memory-logger.js';

describe('startSqsPoller', () => {
  it('feeds messages to the handler as an SQS event, deletes successes and keeps failures', async () => {
    // Arrange
    const stack = await provisionFresh({ visibilityTimeoutSeconds: 1, maxReceiveCount: 5 });
    const url = stack.queueUrls[QUEUE.deliveries] ?? '';
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'ok' }));
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'fail' }));
    const seen: { body: string; receiveCount: string }[] = [];
    const handler = async (event: SQSEvent) => {
      for (const r of event.Records)
        seen.push({ body: r.body, receiveCount: r.attributes.ApproximateReceiveCount });
      return {
        batchItemFailures: event.Records.filter((r) => r.body === 'fail').map((r) => ({
          itemIdentifier: r.messageId,
        })),
      };
    };
    const client = createSqsClient({
      region: TEST_REGION,
      endpoint: sqsEndpoint(),
      requestTimeoutMs: 10_000,
    });

    // Act
    const poller = startSqsPoller({
      client,
      queueUrl: url,
      handler,
      logger: memoryLogger(),
      waitTimeSeconds: 1,
    });
    await vi.waitFor(
      () => expect(seen.filter((s) => s.body === 'fail').length).toBeGreaterThanOrEqual(2),
      {
        timeout: 15_000,
        interval: 100,
      },
    );
    await poller.stop();
    client.destroy();

    // Assert: "ok" handled once (deleted); "fail" came back with a growing receive count
    expect(seen.filter((s) => s.body === 'ok')).toEqual([{ body: 'ok', receiveCount: '1' }]);
    expect(
      seen
        .filter((s) => s.body === 'fail')
        .map((s) => s.receiveCount)
        .slice(0, 2),
    ).toEqual(['1', '2']);
  });

  it('survives an unreachable queue: logs, backs off, keeps polling, and stops promptly', async () => {
    // Arrange
    const logger = memoryLogger();
    const client = createSqsClient({
      region: TEST_REGION,
      endpoint: `http://127.0.0.1:${await findFreePort()}`,
      maxAttempts: 1,
    });
    let calls = 0;

    // Act
    const poller = startSqsPoller({
      client,
      queueUrl: 'http://127.0.0.1:1/000000000000/nowhere',
      handler: async () => {
        calls += 1;
        return { batchItemFailures: [] };
      },
      logger,
    });
    await sleep(1_000);
    const started = Date.now();
    await poller.stop();
    client.destroy();

    // Assert
    const warnings = logger.lines.filter((l) =>
      l.message.startsWith('Receiving from the queue failed'),
    );
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    // Backoff: pauses grow (250, 500, …), so one second holds only a few attempts.
    expect(warnings.length).toBeLessThan(6);
    expect(calls).toBe(0);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
