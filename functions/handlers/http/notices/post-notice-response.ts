import { respondToNotice } from '../../../core/use-cases/notices/respond-to-notice.js';
import { receiptResponse } from '../respond.js';
import { bodyOf, httpRoute, idempotencyKeyOf, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/notices/{id}/responses — analysis results or an incident card. */
export const buildPostNoticeResponse = (
  deps: RouteDeps<'notices' | 'obligations' | 'idempotency' | 'incidents' | 'deliveries' | 'queue'>,
) =>
  httpRoute(
    deps,
    { auth: 'required', body: 'required', kind: 'notice_response' },
    async (event) => {
      const answered = await respondToNotice(
        deps,
        event.principal,
        pathParameter(event, 'id'),
        bodyOf(event),
        idempotencyKeyOf(event),
      );
      const incidentId = 'incidentId' in answered ? answered.incidentId : undefined;
      return receiptResponse(
        answered,
        event.responseFormat,
        incidentId ? { location: `/v1/incidents/${incidentId}` } : {},
      );
    },
  );
