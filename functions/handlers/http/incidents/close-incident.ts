import { closeIncident } from '../../../core/use-cases/incidents/close-incident.js';
import { respond } from '../respond.js';
import { bodyOf, type HttpDeps, httpRoute, idempotencyKeyOf, pathParameter } from '../route.js';

/** POST /v1/incidents/{id}/close — causes eliminated; satisfies `elimination`. */
export const buildCloseIncident = (deps: HttpDeps) =>
  httpRoute(deps, { auth: 'required', body: 'required' }, async (event) => {
    const accepted = await closeIncident(
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
