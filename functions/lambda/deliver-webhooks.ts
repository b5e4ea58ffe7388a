/** Lambda entry point: SQS delivery queue → signed webhook POSTs (report batch item failures on). */
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoNoticeStore } from '../adapters/dynamodb/notices.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { sqsConsumerQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { buildDeliverWebhooks } from '../handlers/queue/deliver-webhooks.js';
import { runtimeFromEnv } from '../handlers/runtime.js';
import { secretBoxFor } from '../handlers/secret-box.js';
import { deliverWebhooksDeps } from '../handlers/worker-deps.js';

const runtime = runtimeFromEnv({
  deliveries: dynamoDeliveryStore,
  parties: dynamoPartyReader,
  // Notice fan-outs handed on by the request that accepted them (issue #14 item 5).
  notices: dynamoNoticeStore,
  queue: sqsConsumerQueue,
});

export const handler = buildDeliverWebhooks(
  // The only function whose role may decrypt webhook secrets (kms:Decrypt on their key).
  deliverWebhooksDeps({
    ...runtime,
    secretBox: secretBoxFor(runtime.config),
    // Every body is kept before it is sent (PutObject only: cdk/grants.ts grantArchiveKeep).
    archive: s3ArchiveKeeper(runtime.config),
  }),
);
