// Lambda entry for GET /v1/deliveries: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildListDeliveries } from '../handlers/http/deliveries/list-deliveries.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListDeliveries(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    deliveries: dynamoDeliveryStore,
  }),
);
