// Lambda entry for the API's REQUEST authorizer: token, party, connection point and block, checked before any route function runs.
import { createJwksTokenVerifier } from '../adapters/auth/jwks-token-verifier.js';
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoDeliveryStore } from '../adapters/dynamodb/deliveries.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { sqsDeliveryQueue } from '../adapters/sqs/sqs-delivery-queue.js';
import { buildAuthorizer } from '../handlers/authorizer/authorize.js';
import { ConfigError } from '../handlers/config.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  connections: dynamoConnectionStore,
  deliveries: dynamoDeliveryStore,
  queue: sqsDeliveryQueue,
});
const issuer = runtime.config.tokens.issuer;
if (issuer === undefined) throw new ConfigError('Environment variable TOKEN_ISSUER is required.');

export const handler = buildAuthorizer({
  ...runtime,
  verifyToken: createJwksTokenVerifier({
    issuer,
    maxLifetimeSeconds: runtime.config.tokens.maxLifetimeSeconds,
  }),
});
