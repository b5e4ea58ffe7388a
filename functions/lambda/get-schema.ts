// Lambda entry for GET /v1/schemas/{name}: configuration and adapters are built once, at cold start.
import { buildGetSchema } from '../handlers/http/public/get-schema.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetSchema(runtimeFromEnv());
