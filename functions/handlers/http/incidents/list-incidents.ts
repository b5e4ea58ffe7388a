import { listIncidents } from '../../../core/use-cases/incidents/read-incidents.js';
import { respondPage } from '../respond.js';
import { httpRoute, type RouteDeps, sealedPage } from '../route.js';

/** GET /v1/incidents — filter by status, severity, overdue; paginated. */
export const buildListIncidents = (deps: RouteDeps<'incidents'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respondPage(
      event,
      await sealedPage(deps, event, 'GET /v1/incidents', (query) =>
        listIncidents(deps, event.principal, query),
      ),
      'incidents',
    ),
  );
