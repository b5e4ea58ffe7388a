import { listIncidents } from '../../../core/use-cases/incidents/read-incidents.js';
import { respond } from '../respond.js';
import { type HttpDeps, httpRoute } from '../route.js';

/** GET /v1/incidents — filter by status, severity, overdue; paginated. */
export const buildListIncidents = (deps: HttpDeps) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respond(
      200,
      await listIncidents(deps, event.principal, event.queryStringParameters),
      event.responseFormat,
      'incidents',
    ),
  );
