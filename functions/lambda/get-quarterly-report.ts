// Lambda entry for GET /v1/reports/quarterly: configuration and the adapters it uses are built once, at cold start.
import { dynamoConnectionStore } from '../adapters/dynamodb/connections.js';
import { dynamoIncidentStore } from '../adapters/dynamodb/incidents.js';
import { dynamoObligationStore } from '../adapters/dynamodb/obligations.js';
import { dynamoPartyReader } from '../adapters/dynamodb/parties.js';
import { dynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { dynamoVulnerabilityStore } from '../adapters/dynamodb/vulnerabilities.js';
import { buildGetQuarterlyReport } from '../handlers/http/reports/get-quarterly-report.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetQuarterlyReport(
  runtimeFromEnv({
    parties: dynamoPartyReader,
    rateLimiter: dynamoRateLimiter,
    connections: dynamoConnectionStore,
    incidents: dynamoIncidentStore,
    vulnerabilities: dynamoVulnerabilityStore,
    obligations: dynamoObligationStore,
  }),
);
