// Lambda entry for GET /v1/parties: configuration and adapters are built once, at cold start.
import { buildListParties } from '../handlers/http/parties/list-parties.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListParties(runtimeFromEnv());
