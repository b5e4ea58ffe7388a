// Lambda entry for POST /v1/notices/{id}/responses: configuration and adapters are built once, at cold start.
import { buildPostNoticeResponse } from '../handlers/http/notices/post-notice-response.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildPostNoticeResponse(runtimeFromEnv());
