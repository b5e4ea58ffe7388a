// Lambda entry for GET /v1/reports/compliance: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoObligationStore } from '../adapters/dynamodb/obligations.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { buildGetComplianceReport } from '../handlers/http/obligations/get-compliance-report.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetComplianceReport(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    obligations: dynamoObligationStore,
  }),
);
