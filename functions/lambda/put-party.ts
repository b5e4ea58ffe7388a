// Lambda entry for PUT /v1/parties/{id}: configuration and adapters are built once, at cold start.
import { buildPutParty } from '../handlers/http/parties/put-party.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildPutParty(runtimeFromEnv());
