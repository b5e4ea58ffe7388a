import type { ClientSecrets } from '../../../core/ports/client-secrets.js';
import { changeNoteOf } from '../../../core/use-cases/connections/change-note.js';
import { reissueCredentials } from '../../../core/use-cases/parties/reissue-credentials.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/parties/{id}/credentials/reissue — an admin reissues a party's client credentials; old tokens stop at once; audited. */
export const buildReissueCredentials = (
  deps: RouteDeps<'connections'> & { clientSecrets: ClientSecrets },
) =>
  httpRoute(deps, { auth: 'required', body: 'optional' }, async (event) =>
    respond(
      200,
      await reissueCredentials(
        deps,
        event.principal,
        pathParameter(event, 'id'),
        changeNoteOf(event.rawBody),
        {
          connectionPoint: event.requestContext.http?.sourceIp ?? 'unknown',
          source: 'reissue-credentials',
        },
      ),
      event.responseFormat,
      'credentials',
    ),
  );
