// Lambda entry for POST /v1/incidents/{id}/close: configuration and adapters are built once, at cold start.
import { buildCloseIncident } from '../handlers/http/incidents/close-incident.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildCloseIncident(runtimeFromEnv());
