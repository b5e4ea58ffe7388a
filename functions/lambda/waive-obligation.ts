// Lambda entry for POST /v1/obligations/{id}/waive: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoObligationStore } from '../adapters/dynamodb/obligations.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildWaiveObligation } from '../handlers/http/obligations/waive-obligation.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildWaiveObligation(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    obligations: dynamoObligationStore,
  }),
);
