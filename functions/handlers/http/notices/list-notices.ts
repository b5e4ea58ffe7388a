import { listNotices } from '../../../core/use-cases/notices/notice-tracking.js';
import { respondPage } from '../respond.js';
import { httpRoute, type RouteDeps, sealedPage } from '../route.js';

/** GET /v1/notices — a SOC's inbox of NCC notices; for the NCC, the notices it issued with per-recipient state. */
export const buildListNotices = (deps: RouteDeps<'notices'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respondPage(
      event,
      await sealedPage(deps, event, 'GET /v1/notices', (query) =>
        listNotices(deps, event.principal, query),
      ),
      'notices',
    ),
  );
