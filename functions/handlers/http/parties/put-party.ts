import { type PartyRegistrationDeps, putParty } from '../../../core/use-cases/parties/put-party.js';
import { respond } from '../respond.js';
import { bodyOf, httpRoute, pathParameter, type RouteDeps } from '../route.js';

/**
 * PUT /v1/parties/{id} — admin registers or updates a party. Its body carries the webhook
 * secret in clear, so it is the one body the verbatim archive never keeps: the registry
 * holds the secret sealed and nothing else holds it (docs/deploy.md "Verbatim archive").
 * The answer names no digest, so there is no receipt whose bytes must be producible.
 */
export const buildPutParty = ({
  archive: _secretBearingBodyNotKept,
  ...deps
}: RouteDeps & PartyRegistrationDeps) =>
  httpRoute(deps, { auth: 'required', body: 'required' }, async (event) => {
    const { statusCode, party } = await putParty(
      deps,
      event.principal,
      pathParameter(event, 'id'),
      bodyOf(event),
    );
    return respond(statusCode, party, event.responseFormat, 'party');
  });
