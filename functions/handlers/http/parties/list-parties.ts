import { listParties } from '../../../core/use-cases/parties/list-parties.js';
import { respond } from '../respond.js';
import { httpRoute, type RouteDeps } from '../route.js';

/** GET /v1/parties — the registry (admin). */
export const buildListParties = (deps: RouteDeps) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respond(200, await listParties(deps, event.principal), event.responseFormat, 'parties'),
  );
