import {
  waiveObligation,
  waiverReasonOf,
} from '../../../core/use-cases/obligations/waive-obligation.js';
import { respond } from '../respond.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** POST /v1/obligations/{id}/waive — an NCC officer waives an obligation with a reason; audited. */
export const buildWaiveObligation = (deps: RouteDeps<'obligations'>) =>
  httpRoute(deps, { auth: 'required', body: 'required' }, async (event) =>
    respond(
      200,
      await waiveObligation(
        deps,
        event.principal,
        pathParameter(event, 'id'),
        waiverReasonOf(event.rawBody),
        {
          connectionPoint: event.requestContext.http?.sourceIp ?? 'unknown',
          source: 'waive-obligation',
        },
      ),
      event.responseFormat,
      'waiver',
    ),
  );
