// Lambda entry for PUT /v1/incidents/{id}/card: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoIdempotencyStore } from '../adapters/dynamodb/idempotency.js';
import { dynamoIncidentStore } from '../adapters/dynamodb/incidents.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { sqsDeliveryQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { buildPutIncidentCard } from '../handlers/http/incidents/put-incident-card.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
  incidents: dynamoIncidentStore,
  idempotency: dynamoIdempotencyStore,
  deliveries: dynamoDeliveryStore,
  queue: sqsDeliveryQueue,
});

export const handler = buildPutIncidentCard({
  ...runtime,
  archive: s3ArchiveKeeper(runtime.config),
});
