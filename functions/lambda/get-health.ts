// Lambda entry for GET /v1/health: configuration and adapters are built once, at cold start.
import { buildGetHealth } from '../handlers/http/public/get-health.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetHealth(runtimeFromEnv());
