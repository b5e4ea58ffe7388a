import { getNotice } from '../../../core/use-cases/notices/notice-tracking.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** GET /v1/notices/{id} — the issuing NCC's tracking view, or a recipient's own view. */
export const buildGetNotice = (deps: RouteDeps<'notices'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respond(
      200,
      await getNotice(deps, event.principal, pathParameter(event, 'id')),
      event.responseFormat,
      'notice',
    ),
  );
