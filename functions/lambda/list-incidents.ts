// Lambda entry for GET /v1/incidents: configuration and adapters are built once, at cold start.
import { buildListIncidents } from '../handlers/http/incidents/list-incidents.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildListIncidents(runtimeFromEnv());
