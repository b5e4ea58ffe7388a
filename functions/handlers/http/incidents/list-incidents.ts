import { listIncidents } from '../../../core/use-cases/incidents/read-incidents.js';
import { respond } from '../respond.js';
import { httpRoute, type RouteDeps, sealedPage } from '../route.js';

/** GET /v1/incidents — filter by status, severity, overdue; paginated. */
export const buildListIncidents = (deps: RouteDeps<'incidents'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respond(
      200,
      await sealedPage(deps, event, 'GET /v1/incidents', (query) =>
        listIncidents(deps, event.principal, query),
      ),
      event.responseFormat,
      'incidents',
    ),
  );
