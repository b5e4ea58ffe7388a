import { closeIncident } from '../../../core/use-cases/incidents/close-incident.js';
import { receiptResponse } from '../respond.js';
import { bodyOf, httpRoute, idempotencyKeyOf, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/incidents/{id}/close — causes eliminated; satisfies `elimination`. */
export const buildCloseIncident = (deps: RouteDeps<'incidents' | 'idempotency'>) =>
  httpRoute(deps, { auth: 'required', body: 'required', kind: 'closure' }, async (event) =>
    receiptResponse(
      await closeIncident(
        deps,
        event.principal,
        pathParameter(event, 'id'),
        bodyOf(event),
        idempotencyKeyOf(event),
      ),
      event.responseFormat,
    ),
  );
