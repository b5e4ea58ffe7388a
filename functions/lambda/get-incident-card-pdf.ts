// Lambda entry for GET /v1/incidents/{id}/card.pdf: configuration and adapters are built once, at cold start.
import { buildGetIncidentCardPdf } from '../handlers/http/incidents/get-incident-card-pdf.js';
import { runtimeFromEnv } from '../handlers/runtime.js';

export const handler = buildGetIncidentCardPdf(runtimeFromEnv());
