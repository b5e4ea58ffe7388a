// Lambda entry for GET /v1/time: public, so it wires no adapter and bundles no SDK client.
import { buildGetTime } from '../handlers/http/public/get-time.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetTime(runtimeFromEnv({}));
