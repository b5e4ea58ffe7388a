// Lambda entry for GET /v1/audit/verify: configuration and the adapters it uses are built once, at cold start.
import { dynamoAuditTrail } from '../adapters/dynamodb/audit-trail.js';
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildVerifyAudit } from '../handlers/http/audit/verify-audit.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildVerifyAudit(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    audit: dynamoAuditTrail,
  }),
);
