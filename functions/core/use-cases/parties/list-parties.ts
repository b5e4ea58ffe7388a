import { type GatewayDeps, type Principal, requireRole } from '../context.js';
import { partyView } from './party-view.js';

/** GET /v1/parties — the registry, for admins (webhook secrets never leave the gateway). */
export async function listParties(deps: GatewayDeps, principal: Principal) {
  requireRole(principal, 'admin');
  const parties = await deps.store.listParties();
  return { items: parties.map(partyView) };
}
