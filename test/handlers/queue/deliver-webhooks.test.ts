/**
 * The delivery worker end to end on the emulators: delivery written → SQS → local
 * poller → handler → signed POST to a real HTTP receiver; retries, dead-lettering,
 * escalation of a failed delivery, poison messages, and a notice fan-out handed on
 * through the queue (issue #14 item 5).
 */
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QUEUE } from '../../../functions/adapters/sqs/queue-definitions.js';
import {
  deliveryMessageBody,
  fanoutMessageBody,
} from '../../../functions/adapters/sqs/sqs-delivery-queue.js';
import { verifyWebhookSignature } from '../../../functions/core/delivery/webhook-signature.js';
import { handOff } from '../../../functions/core/use-cases/dispatch.js';
import { fanoutDeliveryId } from '../../../functions/core/use-cases/notices/fanout.js';
import {
  buildDeliverWebhooks,
  workerMessageOf,
} from '../../../functions/handlers/queue/deliver-webhooks.js';
import type { SqsPoller } from '../../../functions/local/sqs-poller.js';
import {
  harness,
  newDelivery,
  pollDeliveries,
  queueUrl,
  testParty,
  writeIncident,
} from '../../support/delivery-harness.js';
import { type FreshStack, provisionFresh } from '../../support/emulators.js';
import { newNotice } from '../../support/records.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const MAX_ATTEMPTS = 3;

let receiver: WebhookReceiver;
let poller: SqsPoller | undefined;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
  await receiver.close();
});

async function stackWithParties(visibilityTimeoutSeconds = 30): Promise<FreshStack> {
  // The DLQ takes only what cannot be read: a failing webhook's retries live with the delivery.
  return provisionFresh({ maxReceiveCount: MAX_ATTEMPTS, visibilityTimeoutSeconds });
}

async function registerParties(h: ReturnType<typeof harness>): Promise<void> {
  await h.store.putParty(testParty('ncc-duty', 'ncc', receiver.url('/ncc')));
  await h.store.putParty(testParty('soc-alpha', 'soc', receiver.url('/soc')));
  await h.store.putParty(testParty('owner-energo', 'owner', receiver.url('/owner')));
  await h.store.putParty(testParty('authority-knb', 'authority'));
}

async function drainQueue(stack: FreshStack, logicalName: string): Promise<string[]> {
  const { Messages } = await stack.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl(stack, logicalName),
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
    }),
  );
  return (Messages ?? []).map((m) => m.Body ?? '');
}

describe('deliver-webhooks worker', () => {
  it('POSTs a written and enqueued delivery with a valid signature and its delivery id', async () => {
    // Arrange
    const stack = await stackWithParties();
    const h = harness(stack, { maxAttempts: MAX_ATTEMPTS });
    await registerParties(h);
    const delivery = newDelivery('owner-energo', { payload: { text: 'Файлдар шифрланды' } });
    await writeIncident(h.store, 'soc-alpha', { deliveries: [delivery] });

    // Act
    expect(await handOff(h.worker, [delivery])).toBe(true);
    poller = pollDeliveries(stack, buildDeliverWebhooks(h.worker), h.logger);

    // Assert
    await vi.waitFor(
      async () => expect((await h.store.getDelivery(delivery.id))?.status).toBe('delivered'),
      {
        timeout: 15_000,
        interval: 100,
      },
    );
    const [post, ...more] = receiver.at('/owner');
    expect(more).toEqual([]);
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.headers['x-gateway-delivery-id']).toBe(delivery.id);
    const secret = testParty('owner-energo', 'owner', 'x').webhook?.secret ?? '';
    const signature = post?.headers['x-gateway-signature'] ?? '';
    expect(
      verifyWebhookSignature(secret, signature, post?.body ?? '', Math.floor(Date.now() / 1000)),
    ).toBe(true);
    expect(post?.json).toEqual({
      deliveryId: delivery.id,
      event: 'incident.notified',
      partyId: 'owner-energo',
      createdAt: delivery.createdAt,
      payload: { text: 'Файлдар шифрланды' },
    });
    const stored = await h.store.getDelivery(delivery.id);
    expect(stored).toMatchObject({ status: 'delivered', attempts: 1, queued: true });
    expect(stored?.deliveredAt).toBeDefined();
  });

  it('retries a failing receiver on its schedule, then fails (kept in DynamoDB) and escalates to the NCC', async () => {
    // Arrange
    const stack = await stackWithParties();
    const h = harness(stack, { maxAttempts: MAX_ATTEMPTS });
    await registerParties(h);
    receiver.answer('/owner', 500);
    const delivery = newDelivery('owner-energo');
    await writeIncident(h.store, 'soc-alpha', { deliveries: [delivery] });

    // Act
    await handOff(h.worker, [delivery]);
    poller = pollDeliveries(stack, buildDeliverWebhooks(h.worker), h.logger);

    // Assert: the escalation reaches the NCC's webhook
    await vi.waitFor(() => expect(receiver.at('/ncc')).toHaveLength(1), {
      timeout: 25_000,
      interval: 100,
    });
    const attempts = receiver.at('/owner');
    expect(attempts).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(attempts.map((a) => a.headers['x-gateway-delivery-id']))).toEqual(
      new Set([delivery.id]),
    );
    expect(await h.store.getDelivery(delivery.id)).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      lastError: 'HTTP 500',
    });
    const escalation = receiver.at('/ncc')[0]?.json;
    expect(escalation).toMatchObject({
      event: 'obligation.missed',
      partyId: 'ncc-duty',
      payload: {
        reason: 'delivery_failed',
        deliveryId: delivery.id,
        partyId: 'owner-energo',
        event: 'incident.notified',
        lastError: 'HTTP 500',
      },
    });
    // The failed delivery is the dead letter, in DynamoDB: its message is gone, not parked in the DLQ.
    await vi.waitFor(async () => expect(await drainQueue(stack, QUEUE.deliveries)).toEqual([]), {
      timeout: 10_000,
      interval: 200,
    });
    expect(await drainQueue(stack, QUEUE.deliveriesDlq)).toEqual([]);
    // Each retry waited for its scheduled wait (1 s) rather than the queue's 30 s visibility timeout.
    const retryLogs = h.logger.lines.filter((l) => l.message === 'Delivery will be retried');
    expect(retryLogs.map((l) => l.context?.retryAfterSeconds)).toEqual([1, 1]);
    expect(receiver.at('/ncc')).toHaveLength(1);
  });

  it('does not let a poison message block the batch; the poison one dead-letters', async () => {
    // Arrange: 1 s visibility so the unreadable message comes back quickly
    const stack = await stackWithParties(1);
    const h = harness(stack, { maxAttempts: MAX_ATTEMPTS });
    await registerParties(h);
    const delivery = newDelivery('soc-alpha', { event: 'notice.issued', queued: true });
    await writeIncident(h.store, 'soc-alpha', { deliveries: [delivery] });
    await stack.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl(stack),
        Entries: [
          { Id: 'poison', MessageBody: '{not json' },
          { Id: 'good', MessageBody: deliveryMessageBody(delivery.id) },
          { Id: 'shape', MessageBody: '{"id":"wrong-field"}' },
        ],
      }),
    );

    // Act
    poller = pollDeliveries(stack, buildDeliverWebhooks(h.worker), h.logger);

    // Assert
    await vi.waitFor(() => expect(receiver.at('/soc')).toHaveLength(1), {
      timeout: 15_000,
      interval: 100,
    });
    expect(receiver.at('/soc')[0]?.json.deliveryId).toBe(delivery.id);
    await vi.waitFor(
      async () => {
        const parked = await drainQueue(stack, QUEUE.deliveriesDlq);
        expect(parked.sort()).toEqual(['{"id":"wrong-field"}', '{not json'].sort());
      },
      { timeout: 20_000, interval: 250 },
    );
    expect(receiver.at('/soc')).toHaveLength(1);
  });

  it('reports only the unreadable record of a batch as failed', async () => {
    // Arrange
    const stack = await stackWithParties();
    const h = harness(stack, { maxAttempts: MAX_ATTEMPTS });
    await registerParties(h);
    const delivery = newDelivery('ncc-duty', { queued: true });
    await writeIncident(h.store, 'soc-alpha', { deliveries: [delivery] });
    const record = (messageId: string, body: string) => ({
      messageId,
      receiptHandle: `not-a-real-handle-${messageId}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
      awsRegion: 'us-east-1',
    });

    // Act
    const result = await buildDeliverWebhooks(h.worker)({
      Records: [
        record('m-poison', 'garbage'),
        record('m-good', deliveryMessageBody(delivery.id)),
        record('m-gone', deliveryMessageBody('dlv_unknown')),
      ],
    });

    // Assert
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-poison' }] });
    expect(receiver.at('/ncc').map((r) => r.json.deliveryId)).toEqual([delivery.id]);
  });

  it('goes on with a notice fan-out handed to it through the queue: the rest written once, delivered once', async () => {
    // Arrange: 45 SOCs with webhooks; a notice accepted with its first 20 recipients only.
    const stack = await stackWithParties();
    const h = harness(stack, { maxAttempts: MAX_ATTEMPTS });
    const socs = Array.from({ length: 45 }, (_, i) => `soc-fan-${String(i).padStart(2, '0')}`);
    for (const id of socs) await h.store.putParty(testParty(id, 'soc', receiver.url(`/${id}`)));
    const write = newNotice({ recipients: socs, issuedAt: new Date().toISOString() });
    expect(await h.store.saveNewNotice(write)).toEqual({ expanded: 20 });

    // Act: the request's hand-on message, sent twice (SQS is at least once).
    await h.queue.enqueueFanout(write.notice.id);
    await h.queue.enqueueFanout(write.notice.id);
    poller = pollDeliveries(stack, buildDeliverWebhooks(h.worker), h.logger);

    // Assert: every recipient past the first batch is written and receives its delivery once.
    const rest = socs.slice(20);
    await vi.waitFor(
      () => expect(rest.every((id) => receiver.at(`/${id}`).length > 0)).toBe(true),
      {
        timeout: 30_000,
        interval: 100,
      },
    );
    expect(await h.store.getFanout(write.notice.id)).toMatchObject({
      expanded: 45,
      completedAt: expect.any(String),
    });
    for (const id of rest) {
      expect(receiver.at(`/${id}`).map((r) => r.headers['x-gateway-delivery-id'])).toEqual([
        fanoutDeliveryId(write.notice.id, id),
      ]);
    }
    expect(socs.slice(0, 20).flatMap((id) => receiver.at(`/${id}`))).toEqual([]);
    await poller.stop();
    poller = undefined;
    expect(await drainQueue(stack, QUEUE.deliveries)).toEqual([]);
    expect(h.logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('reads both kinds of message and nothing else', () => {
    expect(workerMessageOf(deliveryMessageBody('dlv_1'))).toEqual({
      kind: 'delivery',
      deliveryId: 'dlv_1',
    });
    expect(workerMessageOf(fanoutMessageBody('ntc_1'))).toEqual({
      kind: 'fanout',
      noticeId: 'ntc_1',
    });
    for (const body of [
      'garbage',
      '{}',
      '{"deliveryId":""}',
      '{"continueFanout":7}',
      '{"deliveryId":"dlv_1","continueFanout":"ntc_1"}',
    ])
      expect(workerMessageOf(body), body).toBeUndefined();
  });
});
