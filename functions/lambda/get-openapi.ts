// Lambda entry for GET /v1/openapi.json: configuration and adapters are built once, at cold start.
import { buildGetOpenApi } from '../handlers/http/docs/get-openapi.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetOpenApi(runtimeFromEnv());
