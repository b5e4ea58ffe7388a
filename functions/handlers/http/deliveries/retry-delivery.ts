import { retryDelivery } from '../../../core/use-cases/deliveries/redrive.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/deliveries/{id}/retry — an admin retries one delivery now (a failed one starts its schedule again). */
export const buildRetryDelivery = (deps: RouteDeps<'deliveries' | 'queue'>) =>
  httpRoute(deps, { auth: 'required', body: 'optional' }, async (event) =>
    respond(
      200,
      await retryDelivery(deps, event.principal, pathParameter(event, 'id')),
      event.responseFormat,
      'deliveryRetry',
    ),
  );
