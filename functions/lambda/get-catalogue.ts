// Lambda entry for GET /v1/catalogue: configuration and adapters are built once, at cold start.
import { buildGetCatalogue } from '../handlers/http/public/get-catalogue.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetCatalogue(runtimeFromEnv());
