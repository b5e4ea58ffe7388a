import { listObligations } from '../../../core/use-cases/obligations/read-obligations.js';
import { respondPage } from '../respond.js';
import { httpRoute, type RouteDeps, sealedPage } from '../route.js';

/** GET /v1/obligations — by state and due window (NCC: all; SOC: own). */
export const buildListObligations = (deps: RouteDeps<'obligations'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respondPage(
      event,
      await sealedPage(deps, event, 'GET /v1/obligations', (query) =>
        listObligations(deps, event.principal, query),
      ),
      'obligations',
    ),
  );
