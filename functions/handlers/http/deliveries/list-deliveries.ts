import { listDeliveries } from '../../../core/use-cases/deliveries/delivery-inbox.js';
import { respondPage } from '../respond.js';
import { httpRoute, type RouteDeps, sealedPage } from '../route.js';

/** GET /v1/deliveries — the caller's pull inbox of every delivery addressed to it. */
export const buildListDeliveries = (deps: RouteDeps<'deliveries'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respondPage(
      event,
      await sealedPage(deps, event, 'GET /v1/deliveries', (query) =>
        listDeliveries(deps, event.principal, query),
      ),
      'deliveries',
    ),
  );
