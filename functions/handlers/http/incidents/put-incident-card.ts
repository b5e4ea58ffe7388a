import { reviseCard } from '../../../core/use-cases/incidents/revise-card.js';
import { receiptResponse } from '../respond.js';
import { bodyOf, httpRoute, idempotencyKeyOf, pathParameter, type RouteDeps } from '../route.js';

/** PUT /v1/incidents/{id}/card — a new card version → 200 receipt. */
export const buildPutIncidentCard = (
  deps: RouteDeps<'incidents' | 'idempotency' | 'deliveries' | 'queue'>,
) =>
  httpRoute(deps, { auth: 'required', body: 'required', kind: 'card' }, async (event) =>
    receiptResponse(
      await reviseCard(
        deps,
        event.principal,
        pathParameter(event, 'id'),
        bodyOf(event),
        idempotencyKeyOf(event),
      ),
      event.responseFormat,
    ),
  );
