// Lambda entry for PUT /v1/parties/{id}/contact: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyStore } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { buildPutPartyContact } from '../handlers/http/parties/put-party-contact.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyStore,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
});

export const handler = buildPutPartyContact({
  ...runtime,
  archive: s3ArchiveKeeper(runtime.config),
});
