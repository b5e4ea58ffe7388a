// Lambda entry for POST /v1/parties/{id}/credentials/reissue: configuration and the adapters it uses are built once, at cold start.
import { cognitoClientSecrets } from '../adapters/cognito/client-secrets.js';
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { s3ArchiveKeeper } from '../adapters/s3/s3-message-archive.js';
import { buildReissueCredentials } from '../handlers/http/parties/reissue-credentials.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

const runtime = runtimeFromEnv({
  parties: dynamoPartyReader,
  rateLimiter: dynamoRateLimiter,
  connections: dynamoConnectionStore,
});

export const handler = buildReissueCredentials({
  ...runtime,
  archive: s3ArchiveKeeper(runtime.config),
  // The old Cognito secret stops minting tokens (USER_POOL_ID: the party pool).
  clientSecrets: cognitoClientSecrets(runtime.config),
});
