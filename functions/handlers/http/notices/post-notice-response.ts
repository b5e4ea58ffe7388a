import { respondToNotice } from '../../../core/use-cases/notices/respond-to-notice.js';
import { respond } from '../respond.js';
import { bodyOf, type HttpDeps, httpRoute, idempotencyKeyOf, pathParameter } from '../route.js';

/** POST /v1/notices/{id}/responses — analysis results or an incident card. */
export const buildPostNoticeResponse = (deps: HttpDeps) =>
  httpRoute(deps, { auth: 'required', body: 'required' }, async (event) => {
    const answered = await respondToNotice(
      deps,
      event.principal,
      pathParameter(event, 'id'),
      bodyOf(event),
      idempotencyKeyOf(event),
    );
    const incidentId = 'incidentId' in answered ? answered.incidentId : undefined;
    return respond(answered.statusCode, answered.receipt, event.responseFormat, 'receipt', {
      ...(incidentId ? { location: `/v1/incidents/${incidentId}` } : {}),
      ...(answered.replayed ? { 'idempotent-replay': 'true' } : {}),
    });
  });
