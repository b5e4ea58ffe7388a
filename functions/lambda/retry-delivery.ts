// Lambda entry for POST /v1/deliveries/{id}/retry: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { sqsDeliveryQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { buildRetryDelivery } from '../handlers/http/deliveries/retry-delivery.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildRetryDelivery(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    deliveries: dynamoDeliveryStore,
    queue: sqsDeliveryQueue,
  }),
);
