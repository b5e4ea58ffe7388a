import { ackDelivery } from '../../../core/use-cases/deliveries/delivery-inbox.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/deliveries/{id}/ack — owner or NCC acknowledges an incident delivery. */
export const buildAckDelivery = (deps: RouteDeps<'deliveries' | 'obligations'>) =>
  httpRoute(deps, { auth: 'required', body: 'optional', kind: 'delivery_ack' }, async (event) =>
    respond(
      200,
      await ackDelivery(deps, event.principal, pathParameter(event, 'id'), event.rawBody?.sha256),
      event.responseFormat,
      'deliveryAck',
    ),
  );
