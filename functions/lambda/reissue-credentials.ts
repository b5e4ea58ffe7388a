// Lambda entry for POST /v1/parties/{id}/credentials/reissue: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildReissueCredentials } from '../handlers/http/parties/reissue-credentials.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildReissueCredentials(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
  }),
);
