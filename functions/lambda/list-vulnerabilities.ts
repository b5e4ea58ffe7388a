// Lambda entry for GET /v1/vulnerabilities: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { dynamoVulnerabilityStore } from '../adapters/dynamodb/vulnerabilities.js';
import { buildListVulnerabilities } from '../handlers/http/vulnerabilities/list-vulnerabilities.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListVulnerabilities(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    vulnerabilities: dynamoVulnerabilityStore,
  }),
);
