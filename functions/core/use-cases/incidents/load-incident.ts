import { NotFoundError } from '../../errors.js';
import type { IncidentDetail } from '../../ports/incidents.js';
import type { Principal, Uses } from '../context.js';

/**
 * Loads an incident the caller may see: a SOC only its own, the NCC any. Another
 * tenant's incident is "not found", so its existence does not leak.
 */
export async function loadVisibleIncident(
  deps: Uses<'incidents'>,
  principal: Principal,
  id: string,
): Promise<IncidentDetail> {
  const detail = await deps.incidents.getIncident(id);
  const visible =
    detail && (principal.role === 'ncc' || detail.incident.socId === principal.partyId);
  if (!detail || !visible) throw new NotFoundError(`Incident ${id}`);
  return detail;
}

/** Loads an incident the caller owns (for writes): only the reporting SOC. */
export async function loadOwnIncident(
  deps: Uses<'incidents'>,
  principal: Principal,
  id: string,
): Promise<IncidentDetail> {
  const detail = await deps.incidents.getIncident(id);
  if (!detail || detail.incident.socId !== principal.partyId)
    throw new NotFoundError(`Incident ${id}`);
  return detail;
}
