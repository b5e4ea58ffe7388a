// Lambda entry for GET /v1/messages/{sha256}: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveReader } from '../adapters/s3/s3-message-archive.js';
import { buildGetMessage } from '../handlers/http/messages/get-message.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
});

export const handler = buildGetMessage({ ...runtime, archive: s3ArchiveReader(runtime.config) });
