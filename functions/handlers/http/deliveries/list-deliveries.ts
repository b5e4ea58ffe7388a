import { listDeliveries } from '../../../core/use-cases/deliveries/delivery-inbox.js';
import { respond } from '../respond.js';
import { type HttpDeps, httpRoute } from '../route.js';

/** GET /v1/deliveries — the caller's pull inbox of every delivery addressed to it. */
export const buildListDeliveries = (deps: HttpDeps) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respond(
      200,
      await listDeliveries(deps, event.principal, event.queryStringParameters),
      event.responseFormat,
      'deliveries',
    ),
  );
