// Lambda entry for GET /v1/messages/{sha256}: configuration and the adapters it uses are built once, at cold start.
// No archive is wired on AWS yet (docs/deploy.md "Verbatim archive"): the route answers 404 there.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildGetMessage } from '../handlers/http/messages/get-message.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetMessage(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
  }),
);
