// Lambda entry for POST /v1/notices: configuration and adapters are built once, at cold start.
import { buildPostNotice } from '../handlers/http/notices/post-notice.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildPostNotice(runtimeFromEnv());
