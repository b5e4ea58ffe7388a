import type { Obligation } from '../../clocks/obligations.js';
import { statusOf } from '../../clocks/obligations.js';
import type { Issue } from '../../errors.js';
import type { IncidentNotification, Receipt } from '../../model/messages.js';
import type { IncidentRecord, PartyRecord } from '../../ports/records.js';
import type { DeliveryDraft } from '../dispatch.js';

/** What the owner and the NCC receive about an incident (webhook payload and inbox). */
export function incidentPayload(incident: IncidentRecord): Record<string, unknown> {
  return {
    incident: {
      id: incident.id,
      socId: incident.socId,
      socReference: incident.socReference,
      status: incident.status,
      severity: incident.severity,
      type: incident.type,
      version: incident.version,
      confirmedAt: incident.confirmedAt,
      completeCard: incident.completeCard,
    },
    card: incident.card,
  };
}

/**
 * Everyone who must hear of an incident message (004 п.9): every NCC party, and the
 * owner of the affected object, whose acknowledgement satisfies `notify_owner`.
 */
export function incidentDeliveryDrafts(
  incident: IncidentRecord,
  parties: readonly PartyRecord[],
  event: 'incident.notified' | 'incident.card',
  notifyOwner: Obligation | undefined,
): DeliveryDraft[] {
  const payload = incidentPayload(incident);
  const drafts: DeliveryDraft[] = parties
    .filter((p) => p.role === 'ncc')
    .map((p) => ({ partyId: p.id, event, subjectId: incident.id, payload }));
  if (incident.ownerId) {
    const draft: DeliveryDraft = {
      partyId: incident.ownerId,
      event,
      subjectId: incident.id,
      payload,
    };
    if (notifyOwner?.state === 'open' || notifyOwner?.state === 'missed')
      draft.ackSatisfies = notifyOwner.id;
    drafts.push(draft);
  }
  return drafts;
}

/**
 * The owner of the affected object: as stated in the card, else as registered with the
 * SOC's objects. An owner that is not a registered `owner` party cannot be reached by
 * the gateway: that is a warning, and the SOC must reach the owner another way.
 */
export function resolveOwner(
  card: IncidentNotification,
  soc: PartyRecord,
  parties: readonly PartyRecord[],
): { ownerId?: string; warnings: Issue[] } {
  const objectId = card.affectedObject.id;
  const stated =
    card.affectedObject.owner ??
    soc.objects?.find((o) => objectId !== undefined && o.id === objectId)?.owner;
  if (stated === undefined) return { warnings: [] };
  const owner = parties.find((p) => p.id === stated && p.role === 'owner');
  if (owner) return { ownerId: owner.id, warnings: [] };
  return {
    warnings: [
      {
        pointer: '/affectedObject/owner',
        code: 'owner_not_registered',
        message: `Party "${stated}" is not a registered owner; the gateway cannot deliver to it, notify the owner directly.`,
      },
    ],
  };
}

export function receiptOf(
  id: string,
  receivedAt: string,
  version: number,
  sha256: string,
  warnings: Issue[],
  obligations: readonly Obligation[],
): Receipt {
  return { id, receivedAt, version, sha256, warnings, obligations: obligations.map(statusOf) };
}
