// Lambda entry for GET /duty: public, so it wires no adapter and bundles no SDK client (the page's data calls go to their own routes).
import { buildGetDuty } from '../handlers/http/duty/get-duty.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetDuty(runtimeFromEnv({}));
