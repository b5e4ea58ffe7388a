// Lambda entry for GET /v1/notices: configuration and adapters are built once, at cold start.
import { buildListNotices } from '../handlers/http/notices/list-notices.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListNotices(runtimeFromEnv());
