// Lambda entry for GET /v1/health: public, so it wires no adapter and bundles no SDK client.
import { buildGetHealth } from '../handlers/http/public/get-health.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetHealth(runtimeFromEnv({}));
