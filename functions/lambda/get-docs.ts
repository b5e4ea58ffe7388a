// Lambda entry for GET /docs: configuration and adapters are built once, at cold start.
import { buildGetDocs } from '../handlers/http/docs/get-docs.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetDocs(runtimeFromEnv());
