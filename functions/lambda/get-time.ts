// Lambda entry for GET /v1/time: configuration and adapters are built once, at cold start.
import { buildGetTime } from '../handlers/http/public/get-time.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetTime(runtimeFromEnv());
