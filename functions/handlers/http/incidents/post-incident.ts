import { acceptIncident } from '../../../core/use-cases/incidents/accept-incident.js';
import { receiptResponse } from '../respond.js';
import { bodyOf, httpRoute, idempotencyKeyOf, type RouteDeps } from '../route.js';

/** POST /v1/incidents — notification or complete card → 201 receipt. */
export const buildPostIncident = (
  deps: RouteDeps<'incidents' | 'idempotency' | 'deliveries' | 'queue'>,
) =>
  httpRoute(deps, { auth: 'required', body: 'required', kind: 'incident' }, async (event) => {
    const accepted = await acceptIncident(
      deps,
      event.principal,
      bodyOf(event),
      idempotencyKeyOf(event),
    );
    return receiptResponse(accepted, event.responseFormat, {
      location: `/v1/incidents/${accepted.receipt.id}`,
    });
  });
