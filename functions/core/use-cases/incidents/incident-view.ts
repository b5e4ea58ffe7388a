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
 * owner of the affected object, whose acknowledgement satisfies `notify_owner`. When an
 * owner reports its own incident (001 п.24), the SOC serving the object hears of it too,
 * with the same event.
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
  const reporter = parties.find((p) => p.id === incident.socId);
  if (reporter?.role === 'owner')
    for (const soc of servingSocs(incident.card, reporter.id, parties))
      drafts.push({ partyId: soc, event, subjectId: incident.id, payload });
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
 * 001 п.24: "АКИАМО-ның АҚ бойынша жауапты тұлғасы ... "МТҚ" АҚ мен АҚЖО-ны хабардар етеді" —
 * the SOCs serving the object an owner reports on: every SOC whose registered `objects`
 * hold that object id with this owner (the registry the NCC keeps, never what the card
 * states), so an owner can reach only the SOCs registered for its own objects.
 */
export function servingSocs(
  card: IncidentNotification,
  ownerId: string,
  parties: readonly PartyRecord[],
): string[] {
  const objectId = card.affectedObject.id;
  if (objectId === undefined) return [];
  return parties
    .filter(
      (p) =>
        p.role === 'soc' && (p.objects ?? []).some((o) => o.id === objectId && o.owner === ownerId),
    )
    .map((p) => p.id);
}

/** The warning for an owner's report that reaches no SOC (001 п.24): notify it directly. */
export const SOC_NOT_NOTIFIED: Issue = {
  pointer: '/affectedObject',
  code: 'soc_not_registered',
  message:
    'The gateway notifies only a SOC registered for this object of yours; no SOC was notified, notify your SOC directly.',
};

/** The one warning for every card whose owner the gateway will not notify. */
export const OWNER_NOT_NOTIFIED: Issue = {
  pointer: '/affectedObject',
  code: 'owner_not_registered',
  message:
    "The gateway notifies only the owner registered for this object among the SOC's objects; no owner was notified, notify the owner directly.",
};

/**
 * The owner of the affected object, as the NCC registered it among the SOC's
 * `objects` — never as the card states it: a SOC may only reach owners of the
 * objects it protects. Whatever the reason no owner can be notified (object not
 * registered, no owner on it, owner not a registered party), the warning is the
 * same, so the registry cannot be probed through receipts.
 */
/**
 * The kind of the damaged object: as registered for the reporting party (the registry
 * is what the NCC vouches for), else as the card states it.
 */
export function objectKindOf(
  card: IncidentNotification,
  reporter: PartyRecord,
): IncidentNotification['affectedObject']['kind'] {
  const objectId = card.affectedObject.id;
  const registered =
    objectId === undefined ? undefined : reporter.objects?.find((o) => o.id === objectId);
  return registered?.kind ?? card.affectedObject.kind;
}

export function resolveOwner(
  card: IncidentNotification,
  soc: PartyRecord,
  parties: readonly PartyRecord[],
): { ownerId?: string; warnings: Issue[] } {
  const objectId = card.affectedObject.id;
  const registered =
    objectId === undefined ? undefined : soc.objects?.find((o) => o.id === objectId)?.owner;
  const owner =
    registered === undefined
      ? undefined
      : parties.find((p) => p.id === registered && p.role === 'owner');
  if (owner) return { ownerId: owner.id, warnings: [] };
  const anyOwnerExpected = card.affectedObject.owner !== undefined || registered !== undefined;
  return { warnings: anyOwnerExpected ? [OWNER_NOT_NOTIFIED] : [] };
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
