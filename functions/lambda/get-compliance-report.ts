// Lambda entry for GET /v1/reports/compliance: configuration and adapters are built once, at cold start.
import { buildGetComplianceReport } from '../handlers/http/obligations/get-compliance-report.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetComplianceReport(runtimeFromEnv());
