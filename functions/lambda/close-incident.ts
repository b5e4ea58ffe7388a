// Lambda entry for POST /v1/incidents/{id}/close: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoIdempotencyStore } from '../adapters/dynamodb/idempotency.js';
import { dynamoIncidentStore } from '../adapters/dynamodb/incidents.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildCloseIncident } from '../handlers/http/incidents/close-incident.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildCloseIncident(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    incidents: dynamoIncidentStore,
    idempotency: dynamoIdempotencyStore,
  }),
);
