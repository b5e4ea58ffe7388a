// Lambda entry for POST /v1/deliveries/{id}/ack: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoObligationStore } from '../adapters/dynamodb/obligations.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { buildAckDelivery } from '../handlers/http/deliveries/ack-delivery.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
  deliveries: dynamoDeliveryStore,
  obligations: dynamoObligationStore,
});

export const handler = buildAckDelivery({ ...runtime, archive: s3ArchiveKeeper(runtime.config) });
