import { NotFoundError } from '../../errors.js';
import type { IncidentDetail } from '../../ports/stores.js';
import type { GatewayDeps, Principal } from '../context.js';

/**
 * Loads an incident the caller may see: a SOC only its own, the NCC any. Another
 * tenant's incident is "not found", so its existence does not leak.
 */
export async function loadVisibleIncident(
  deps: GatewayDeps,
  principal: Principal,
  id: string,
): Promise<IncidentDetail> {
  const detail = await deps.store.getIncident(id);
  const visible =
    detail && (principal.role === 'ncc' || detail.incident.socId === principal.partyId);
  if (!detail || !visible) throw new NotFoundError(`Incident ${id}`);
  return detail;
}

/** Loads an incident the caller owns (for writes): only the reporting SOC. */
export async function loadOwnIncident(
  deps: GatewayDeps,
  principal: Principal,
  id: string,
): Promise<IncidentDetail> {
  const detail = await deps.store.getIncident(id);
  if (!detail || detail.incident.socId !== principal.partyId)
    throw new NotFoundError(`Incident ${id}`);
  return detail;
}
