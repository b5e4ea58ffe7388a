// Lambda entry for POST /v1/incidents/{id}/close: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoIdempotencyStore } from '../adapters/dynamodb/idempotency.js';
import { dynamoIncidentStore } from '../adapters/dynamodb/incidents.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { buildCloseIncident } from '../handlers/http/incidents/close-incident.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
  incidents: dynamoIncidentStore,
  idempotency: dynamoIdempotencyStore,
});

export const handler = buildCloseIncident({
  ...runtime,
  archive: s3ArchiveKeeper(runtime.config),
});
