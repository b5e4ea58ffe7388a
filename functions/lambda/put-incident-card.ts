// Lambda entry for PUT /v1/incidents/{id}/card: configuration and adapters are built once, at cold start.
import { buildPutIncidentCard } from '../handlers/http/incidents/put-incident-card.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildPutIncidentCard(runtimeFromEnv());
