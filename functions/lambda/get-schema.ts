// Lambda entry for GET /v1/schemas/{name}: public, so it wires no adapter and bundles no SDK client.
import { buildGetSchema } from '../handlers/http/public/get-schema.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetSchema(runtimeFromEnv({}));
