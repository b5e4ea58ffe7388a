import { type Principal, requireRole, type Uses } from '../context.js';
import { partyView } from './party-view.js';

/** GET /v1/parties — the registry, for admins (webhook secrets never leave the gateway). */
export async function listParties(deps: Uses<'parties'>, principal: Principal) {
  requireRole(principal, 'admin');
  const parties = await deps.parties.listParties();
  return { items: parties.map(partyView) };
}
