// Lambda entry for GET /v1/obligations: configuration and adapters are built once, at cold start.
import { buildListObligations } from '../handlers/http/obligations/list-obligations.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListObligations(runtimeFromEnv());
