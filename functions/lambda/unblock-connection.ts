// Lambda entry for POST /v1/parties/{id}/unblock: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { sqsDeliveryQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { buildUnblockConnection } from '../handlers/http/connections/unblock-connection.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
  deliveries: dynamoDeliveryStore,
  queue: sqsDeliveryQueue,
});

export const handler = buildUnblockConnection({
  ...runtime,
  archive: s3ArchiveKeeper(runtime.config),
});
