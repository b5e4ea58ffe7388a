// Lambda entry for POST /v1/incidents: configuration and adapters are built once, at cold start.
import { buildPostIncident } from '../handlers/http/incidents/post-incident.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildPostIncident(runtimeFromEnv());
