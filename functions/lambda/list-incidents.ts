// Lambda entry for GET /v1/incidents: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoIncidentStore } from '../adapters/dynamodb/incidents.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildListIncidents } from '../handlers/http/incidents/list-incidents.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListIncidents(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    incidents: dynamoIncidentStore,
  }),
);
