import { unblockConnection } from '../../../core/use-cases/connections/block-connection.js';
import { changeNoteOf } from '../../../core/use-cases/connections/change-note.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/parties/{id}/unblock — an admin unblocks a party's connection (п.90-1(3)); audited, and every `ncc` party is told. */
export const buildUnblockConnection = (deps: RouteDeps<'connections' | 'deliveries' | 'queue'>) =>
  httpRoute(deps, { auth: 'required', body: 'optional' }, async (event) => {
    return respond(
      200,
      await unblockConnection(
        deps,
        event.principal,
        pathParameter(event, 'id'),
        changeNoteOf(event.rawBody),
        {
          connectionPoint: event.requestContext.http?.sourceIp ?? 'unknown',
          source: 'unblock-connection',
        },
      ),
      event.responseFormat,
      'connection',
    );
  });
