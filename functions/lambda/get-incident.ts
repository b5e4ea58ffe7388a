// Lambda entry for GET /v1/incidents/{id}: configuration and adapters are built once, at cold start.
import { buildGetIncident } from '../handlers/http/incidents/get-incident.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetIncident(runtimeFromEnv());
