// Lambda entry for GET /docs: public, so it wires no adapter and bundles no SDK client.
import { buildGetDocs } from '../handlers/http/docs/get-docs.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetDocs(runtimeFromEnv({}));
