import { getIncident } from '../../../core/use-cases/incidents/read-incidents.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** GET /v1/incidents/{id} — incident, card versions and obligations (own SOC, or NCC). */
export const buildGetIncident = (deps: RouteDeps<'incidents'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respond(
      200,
      await getIncident(deps, event.principal, pathParameter(event, 'id')),
      event.responseFormat,
      'incident',
    ),
  );
