import { redrivePartyDeliveries } from '../../../core/use-cases/deliveries/redrive.js';
import { respond } from '../respond.js';
import { httpRoute, type RouteDeps } from '../route.js';

/** POST /v1/deliveries/redrive?party= — an admin redrives every failed or waiting delivery of a party. */
export const buildRedriveDeliveries = (deps: RouteDeps<'deliveries' | 'queue' | 'parties'>) =>
  httpRoute(deps, { auth: 'required', body: 'optional' }, async (event) =>
    respond(
      200,
      await redrivePartyDeliveries(deps, event.principal, event.queryStringParameters),
      event.responseFormat,
      'redrive',
    ),
  );
