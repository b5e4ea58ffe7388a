// Lambda entry for PUT /v1/parties/{id}: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyStore } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildPutParty } from '../handlers/http/parties/put-party.js';
import { runtimeFromEnv } from '../handlers/runtime.js';
import { secretBoxFor } from '../handlers/secret-box.js';
import { webhookUrlCheck } from '../handlers/webhook-url-problem.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyStore,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
});

export const handler = buildPutParty({
  ...runtime,
  webhookUrlProblem: webhookUrlCheck(runtime.config),
  // Seals only: this role may generate data keys under the webhook-secret key, not decrypt.
  secretBox: secretBoxFor(runtime.config),
});
