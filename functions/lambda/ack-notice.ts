// Lambda entry for POST /v1/notices/{id}/ack: configuration and adapters are built once, at cold start.
import { buildAckNotice } from '../handlers/http/notices/ack-notice.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildAckNotice(runtimeFromEnv());
