// Lambda entry for GET /v1/parties: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildListParties } from '../handlers/http/parties/list-parties.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListParties(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
  }),
);
