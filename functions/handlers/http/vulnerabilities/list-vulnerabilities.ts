import { listVulnerabilities } from '../../../core/use-cases/vulnerabilities/read-vulnerabilities.js';
import { respondPage } from '../respond.js';
import { httpRoute, type RouteDeps, sealedPage } from '../route.js';

/** GET /v1/vulnerabilities — filter by state and window; paginated. */
export const buildListVulnerabilities = (deps: RouteDeps<'vulnerabilities'>) =>
  httpRoute(deps, { auth: 'required' }, async (event) =>
    respondPage(
      event,
      await sealedPage(deps, event, 'GET /v1/vulnerabilities', (query) =>
        listVulnerabilities(deps, event.principal, query),
      ),
      'vulnerabilities',
    ),
  );
