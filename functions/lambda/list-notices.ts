// Lambda entry for GET /v1/notices: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoNoticeStore } from '../adapters/dynamodb/notices.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildListNotices } from '../handlers/http/notices/list-notices.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListNotices(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    notices: dynamoNoticeStore,
  }),
);
