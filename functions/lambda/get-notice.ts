// Lambda entry for GET /v1/notices/{id}: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoNoticeStore } from '../adapters/dynamodb/notices.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildGetNotice } from '../handlers/http/notices/get-notice.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetNotice(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    notices: dynamoNoticeStore,
  }),
);
