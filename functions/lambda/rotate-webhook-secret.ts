// Lambda entry for POST /v1/parties/{id}/webhook-secret/rotate: configuration and adapters built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyStore } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { buildRotateWebhookSecret } from '../handlers/http/parties/rotate-webhook-secret.js';
import { runtimeFromEnv } from '../handlers/runtime.js';
import { secretBoxFor } from '../handlers/secret-box.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyStore,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
});

export const handler = buildRotateWebhookSecret({
  ...runtime,
  archive: s3ArchiveKeeper(runtime.config),
  // Seals only: this role may generate data keys under the webhook-secret key, not decrypt.
  secretBox: secretBoxFor(runtime.config),
});
