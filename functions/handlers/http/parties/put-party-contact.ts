import { reportContactChange } from '../../../core/use-cases/parties/report-contact-change.js';
import { respond } from '../respond.js';
import { bodyOf, httpRoute, pathParameter, type RouteDeps } from '../route.js';

/** PUT /v1/parties/{id}/contact — a party reports its own contact change (001 п.16). */
export const buildPutPartyContact = (deps: RouteDeps<'parties'>) =>
  httpRoute(deps, { auth: 'required', body: 'required' }, async (event) => {
    const reported = await reportContactChange(
      deps,
      event.principal,
      pathParameter(event, 'id'),
      bodyOf(event),
    );
    return respond(200, reported, event.responseFormat, 'contactReport');
  });
