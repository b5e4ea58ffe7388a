import { reviseCard } from '../../../core/use-cases/incidents/revise-card.js';
import { respond } from '../respond.js';
import { bodyOf, type HttpDeps, httpRoute, idempotencyKeyOf, pathParameter } from '../route.js';

/** PUT /v1/incidents/{id}/card — a new card version → 200 receipt. */
export const buildPutIncidentCard = (deps: HttpDeps) =>
  httpRoute(deps, { auth: 'required', body: 'required' }, async (event) => {
    const accepted = await reviseCard(
      deps,
      event.principal,
      pathParameter(event, 'id'),
      bodyOf(event),
      idempotencyKeyOf(event),
    );
    return respond(
      accepted.statusCode,
      accepted.receipt,
      event.responseFormat,
      'receipt',
      accepted.replayed ? { 'idempotent-replay': 'true' } : {},
    );
  });
