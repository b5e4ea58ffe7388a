import { listNoticeInbox } from '../../../core/use-cases/notices/notice-inbox.js';
import { respond } from '../respond.js';
import { httpRoute, type RouteDeps, sealedPage } from '../route.js';

/** GET /v1/notices — the calling SOC's inbox of NCC notices. */
export const buildListNotices = (deps: RouteDeps<'notices'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respond(
      200,
      await sealedPage(deps, event, 'GET /v1/notices', (query) =>
        listNoticeInbox(deps, event.principal, query),
      ),
      event.responseFormat,
      'notices',
    ),
  );
