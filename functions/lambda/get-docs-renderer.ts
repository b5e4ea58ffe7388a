// Lambda entry for GET /docs/redoc.standalone.js: public, so it wires no adapter and bundles no SDK client.
import { buildGetDocsRenderer } from '../handlers/http/docs/get-docs.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetDocsRenderer(runtimeFromEnv({}));
