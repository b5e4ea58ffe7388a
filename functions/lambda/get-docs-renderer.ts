// Lambda entry for GET /docs/redoc.standalone.js: configuration and adapters are built once, at cold start.
import { buildGetDocsRenderer } from '../handlers/http/docs/get-docs.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetDocsRenderer(runtimeFromEnv());
