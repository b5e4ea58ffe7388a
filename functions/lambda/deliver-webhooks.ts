/** Lambda entry point: SQS delivery queue → signed webhook POSTs (report batch item failures on). */
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoPartyStore } from '../adapters/dynamodb/parties.js';
import { sqsDeliveryQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { buildDeliverWebhooks } from '../handlers/queue/deliver-webhooks.js';
import { runtimeFromEnv } from '../handlers/runtime.js';
import { deliverWebhooksDeps } from '../handlers/worker-deps.js';

export const handler = buildDeliverWebhooks(
  deliverWebhooksDeps(
    runtimeFromEnv({
      deliveries: dynamoDeliveryStore,
      parties: dynamoPartyStore,
      queue: sqsDeliveryQueue,
    }),
  ),
);
