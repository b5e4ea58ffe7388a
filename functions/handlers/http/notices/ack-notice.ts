import { ackNotice } from '../../../core/use-cases/notices/notice-inbox.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/notices/{id}/ack — the recipient SOC acknowledges; satisfies `notice_ack`. */
export const buildAckNotice = (
  deps: RouteDeps<'notices' | 'obligations' | 'deliveries' | 'queue'>,
) =>
  httpRoute(deps, { auth: 'required', body: 'optional', kind: 'notice_ack' }, async (event) =>
    respond(
      200,
      await ackNotice(deps, event.principal, pathParameter(event, 'id'), event.rawBody?.sha256),
      event.responseFormat,
      'noticeAck',
    ),
  );
