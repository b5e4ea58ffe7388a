// Lambda entry for GET /v1/openapi.json: public, so it wires no adapter and bundles no SDK client.
import { buildGetOpenApi } from '../handlers/http/docs/get-openapi.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetOpenApi(runtimeFromEnv({}));
