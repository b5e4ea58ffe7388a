// Lambda entry for GET /v1/catalogue: public, so it wires no adapter and bundles no SDK client.
import { buildGetCatalogue } from '../handlers/http/public/get-catalogue.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetCatalogue(runtimeFromEnv({}));
