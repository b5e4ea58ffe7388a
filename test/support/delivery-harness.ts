/**
 * Builds the delivery worker and the sweep over the emulators for integration tests,
 * and writes the records they act on through the real store.
 */

import { createSqsClient } from '../../functions/adapters/aws-clients.js';
import { createDynamoGatewayStore } from '../../functions/adapters/dynamodb/index.js';
import { createFetchWebhookSender } from '../../functions/adapters/http/fetch-webhook-sender.js';
import { QUEUE } from '../../functions/adapters/sqs/queue-definitions.js';
import {
  createSqsDeliveryQueue,
  type SqsDeliveryQueue,
} from '../../functions/adapters/sqs/sqs-delivery-queue.js';
import type { Obligation } from '../../functions/core/clocks/obligations.js';
import { type AllStores, storePortsOf } from '../../functions/core/ports/ports.js';
import type { DeliveryRecord, PartyRecord } from '../../functions/core/ports/records.js';
import type { Clock } from '../../functions/core/time.js';
import { newGatewayId } from '../../functions/core/use-cases/context.js';
import type { Logger } from '../../functions/handlers/logger.js';
import type { DeliverWebhooksDeps } from '../../functions/handlers/queue/deliver-webhooks.js';
import type { SweepHandlerDeps } from '../../functions/handlers/schedule/sweep.js';
import { type SqsPoller, startSqsPoller } from '../../functions/local/sqs-poller.js';
import { exampleCard } from '../core/fixtures.js';
import { type FreshStack, sqsEndpoint, TEST_REGION } from './emulators.js';
import { type MemoryLogger, memoryLogger } from './memory-logger.js';
import { testSecretBox } from './secret-box.js';

export { type MemoryLogger, memoryLogger };

export function queueUrl(stack: FreshStack, logicalName: string = QUEUE.deliveries): string {
  const url = stack.queueUrls[logicalName];
  if (url === undefined) throw new Error(`No queue ${logicalName}`);
  return url;
}

export interface Harness {
  store: AllStores;
  queue: SqsDeliveryQueue;
  logger: MemoryLogger;
  worker: DeliverWebhooksDeps;
  sweep: SweepHandlerDeps;
}

export interface HarnessOptions {
  /** Attempts before a delivery fails (default 3). */
  maxAttempts?: number;
  now?: Clock;
  outboxGraceSeconds?: number;
}

/** Worker and sweep deps on a fresh stack: insecure (loopback) webhooks and 1 s retry waits. */
export function harness(stack: FreshStack, options: HarnessOptions = {}): Harness {
  const store = createDynamoGatewayStore({ client: stack.dynamodb, tableName: stack.tableName });
  const queue = createSqsDeliveryQueue({ client: stack.sqs, queueUrl: queueUrl(stack) });
  const logger = memoryLogger();
  const common = {
    ...storePortsOf(store),
    queue,
    now: options.now ?? (() => new Date()),
    newId: newGatewayId,
    log: logger,
    logger,
  };
  return {
    store,
    queue,
    logger,
    worker: {
      ...common,
      webhooks: createFetchWebhookSender({ allowInsecure: true }),
      secretBox: testSecretBox(),
      visibility: queue,
      delivery: {
        // One 1 s wait per attempt but the last.
        retryScheduleSeconds: Array.from({ length: (options.maxAttempts ?? 3) - 1 }, () => 1),
        timeoutMs: 2_000,
      },
    },
    sweep: { ...common, outboxGraceSeconds: options.outboxGraceSeconds ?? 10, sweepPageSize: 100 },
  };
}

/** A poller on the stack's delivery queue with its own client (long poll needs a longer timeout). */
export function pollDeliveries(
  stack: FreshStack,
  handler: Parameters<typeof startSqsPoller>[0]['handler'],
  logger: Logger,
): SqsPoller {
  const client = createSqsClient({
    region: TEST_REGION,
    endpoint: sqsEndpoint(),
    requestTimeoutMs: 10_000,
  });
  const poller = startSqsPoller({
    client,
    queueUrl: queueUrl(stack),
    handler,
    logger,
    waitTimeSeconds: 1,
  });
  return {
    async stop() {
      await poller.stop();
      client.destroy();
    },
  };
}

export function testParty(id: string, role: PartyRecord['role'], webhookUrl?: string): PartyRecord {
  return {
    id,
    clientId: id,
    role,
    name: `Test ${role} ${id}`,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...(webhookUrl
      ? { webhook: { url: webhookUrl, secret: `whsec-${id}-0123456789abcdef0123456789` } }
      : {}),
  };
}

export function newDelivery(
  partyId: string,
  overrides: Partial<DeliveryRecord> = {},
): DeliveryRecord {
  return {
    id: newGatewayId('dlv'),
    partyId,
    event: 'incident.notified',
    subjectId: 'inc_test',
    createdAt: new Date().toISOString(),
    payload: { note: 'test' },
    status: 'pending',
    attempts: 0,
    queued: false,
    ...overrides,
  };
}

let references = 0;

/**
 * Writes an incident of `socId` with the given obligations and deliveries, through the
 * store's own transaction (the way the use cases write them). Returns the incident id.
 */
export async function writeIncident(
  store: AllStores,
  socId: string,
  parts: { obligations?: (incidentId: string) => Obligation[]; deliveries?: DeliveryRecord[] },
): Promise<string> {
  const incidentId = newGatewayId('inc');
  const card = exampleCard();
  references += 1;
  card.socReference = `TEST-${references}-${incidentId}`;
  const at = new Date().toISOString();
  await store.saveNewIncident({
    incident: {
      id: incidentId,
      socId,
      socReference: card.socReference,
      status: 'open',
      confirmedAt: card.details.confirmedAt,
      severity: card.severity,
      type: card.type,
      version: 1,
      completeCard: true,
      card,
      createdAt: at,
      updatedAt: at,
    },
    version: {
      incidentId,
      version: 1,
      messageId: `${incidentId}#v1`,
      receivedAt: at,
      sha256: '0'.repeat(64),
      format: 'json',
      card,
      warnings: [],
    },
    obligations: parts.obligations?.(incidentId) ?? [],
    deliveries: parts.deliveries ?? [],
    receipt: {
      id: incidentId,
      receivedAt: at,
      version: 1,
      sha256: '0'.repeat(64),
      warnings: [],
      obligations: [],
    },
    requestSha256: '1'.repeat(64),
  });
  return incidentId;
}
