import { type PartyRegistrationDeps, putParty } from '../../../core/use-cases/parties/put-party.js';
import { respond } from '../respond.js';
import { bodyOf, httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** PUT /v1/parties/{id} — admin registers or updates a party. */
export const buildPutParty = (deps: RouteDeps & PartyRegistrationDeps) =>
  httpRoute(deps, { auth: 'required', body: 'required' }, async (event) => {
    const { statusCode, party } = await putParty(
      deps,
      event.principal,
      pathParameter(event, 'id'),
      bodyOf(event),
    );
    return respond(statusCode, party, event.responseFormat, 'party');
  });
