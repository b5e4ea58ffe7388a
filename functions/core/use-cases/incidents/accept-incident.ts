import type { AuditEvent } from '../../audit/audit-entry.js';
import { receivedAudit } from '../../audit/message-audit.js';
import { obligationsForNewIncident } from '../../clocks/obligations.js';
import type { Issue } from '../../errors.js';
import type { IncidentNotification, Receipt } from '../../model/messages.js';
import type { NewIncidentWrite } from '../../ports/incidents.js';
import type { IncidentRecord } from '../../ports/records.js';
import { ClaimTakenError } from '../../ports/write-conflicts.js';
import { formatInstant } from '../../time.js';
import { isCompleteCard, readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { clockPolicyOf, type Principal, requireRole, type Uses } from '../context.js';
import { deliveriesFor, handOff } from '../dispatch.js';
import { escalateAtOpening } from '../escalations.js';
import { guardReplays } from '../idempotency.js';
import type { Accepted } from '../outcome.js';
import {
  incidentDeliveryDrafts,
  objectKindOf,
  receiptOf,
  resolveOwner,
  SOC_NOT_NOTIFIED,
  servingSocs,
} from './incident-view.js';

/**
 * POST /v1/incidents — a SOC's notification or complete card opens an incident.
 *
 * 1. Only a SOC, or an owner's responsible person (001 п.24), may report. Read and validate the body (JSON or XML) against the notification form.
 * 2. A retry with the same canonical content (same key or socReference) answers the stored receipt.
 * 3. Open the clocks from the stated confirmedAt (docs/contract.md §2); notify_ncc is satisfied now.
 * 4. Write incident, version 1, obligations, deliveries and claims in one transaction: the
 *    NCC and the object's owner hear of it, or, when an owner reports, the SOC serving
 *    the object (001 п.24).
 * 5. Hand the deliveries to SQS (or leave them to the outbox relay) and answer 201.
 */
/** The ports opening an incident uses. */
export type AcceptIncidentDeps = Uses<
  'incidents' | 'parties' | 'idempotency' | 'deliveries' | 'queue'
>;

export async function acceptIncident(
  deps: AcceptIncidentDeps,
  principal: Principal,
  body: RawBody,
  idempotencyKey?: string,
): Promise<Accepted> {
  // 001 п.24: "АКИАМО-ның АҚ бойынша жауапты тұлғасы АҚ оқыс оқиғасы расталған сәттен
  // бастап 15 минут ішінде "МТҚ" АҚ мен АҚЖО-ны хабардар етеді" — an owner reports like a SOC.
  requireRole(principal, 'soc', 'owner');
  const startedAt = formatInstant(deps.now().getTime());
  const { message, warnings } = readMessage('incidentNotification', body, deps.now);
  // A create: its write carries both claims, so a replay is found there, not read first.
  const { guard } = await guardReplays(
    deps,
    principal,
    idempotencyKey,
    { route: 'POST /v1/incidents', bodySha256: body.sha256, content: message },
    { lookup: 'at-write' },
  );
  const receivedAtMs = deps.now().getTime();
  const prepared = await prepareNewIncident(
    deps,
    principal,
    message,
    warnings,
    body,
    receivedAtMs,
    'post-incident',
  );
  const { receipt } = prepared;
  try {
    await deps.incidents.saveNewIncident({
      ...prepared.write,
      // п.90-1(7): the message received, on the sender's chain, in the same transaction.
      audit: [
        receivedAudit(principal, {
          source: 'post-incident',
          subjectId: receipt.id,
          sha256: body.sha256,
          startedAt,
          at: receipt.receivedAt,
          description: `Incident ${receipt.id} reported (${prepared.write.incident.completeCard ? 'complete card' : 'notification'}, ${body.format}, ${body.byteLength} bytes)`,
        }),
        ...prepared.escalationAudit,
      ],
      requestSha256: guard.requestSha256,
      ...guard.claim(201, receipt, receivedAtMs),
    });
  } catch (error) {
    if (error instanceof ClaimTakenError) return guard.answerForTaken(error);
    throw error;
  }
  await handOff(deps, prepared.write.deliveries);
  return { statusCode: 201, receipt, replayed: false };
}

/** A new incident, ready to be written (by itself, or inside a notice response). */
export interface PreparedIncident {
  write: Omit<NewIncidentWrite, 'requestSha256' | 'idempotency'>;
  receipt: Receipt;
  /** The level-1 escalations of clocks opened already missed, for the caller's audit entries. */
  escalationAudit: AuditEvent[];
}

/**
 * Builds the records a first incident message creates: the incident, version 1, the
 * clocks from the stated confirmedAt (notify_ncc satisfied on arrival), and the
 * deliveries to the NCC and the object's owner.
 */
export async function prepareNewIncident(
  deps: Uses<'parties'>,
  principal: Principal,
  message: IncidentNotification,
  warnings: Issue[],
  body: RawBody,
  receivedAtMs: number,
  source: string,
): Promise<PreparedIncident> {
  const receivedAt = formatInstant(receivedAtMs);
  const parties = await deps.parties.listParties();
  // An owner reporting its own incident is not notified of it again; its SOC is (001 п.24),
  // and when the registry names none for the object, the owner is told to notify it itself.
  const owner =
    principal.role === 'owner'
      ? {
          warnings:
            servingSocs(message, principal.partyId, parties).length > 0 ? [] : [SOC_NOT_NOTIFIED],
        }
      : resolveOwner(message, principal.party, parties);
  const incidentId = deps.newId('inc');
  const messageId = `${incidentId}#v1`;
  const completeCard = isCompleteCard(message);
  const opened = obligationsForNewIncident({
    incidentId,
    socId: principal.partyId,
    ...(owner.ownerId ? { ownerId: owner.ownerId } : {}),
    message,
    egovObject: objectKindOf(message, principal.party) === 'egov_object',
    completeCard,
    messageId,
    receivedAtMs,
    policy: clockPolicyOf(principal.party),
  });
  // A clock already past due is missed at once, and its level 1 goes out with this write.
  const escalated = escalateAtOpening(deps, opened, parties, receivedAtMs, source);
  const obligations = escalated.obligations;
  const incident: IncidentRecord = {
    id: incidentId,
    socId: principal.partyId,
    socReference: message.socReference,
    ...(owner.ownerId ? { ownerId: owner.ownerId } : {}),
    status: 'open',
    confirmedAt: message.details.confirmedAt,
    severity: message.severity,
    type: message.type,
    version: 1,
    completeCard,
    card: message,
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
  const allWarnings = [...warnings, ...owner.warnings];
  const receipt = receiptOf(incidentId, receivedAt, 1, body.sha256, allWarnings, obligations);
  const notifyOwner = obligations.find((o) => o.kind === 'notify_owner');
  const deliveries = [
    ...deliveriesFor(
      deps,
      incidentDeliveryDrafts(incident, parties, 'incident.notified', notifyOwner),
      receivedAt,
      parties,
    ),
    ...escalated.deliveries,
  ];
  return {
    receipt,
    escalationAudit: escalated.audit,
    write: {
      incident,
      version: {
        incidentId,
        version: 1,
        messageId,
        receivedAt,
        sha256: body.sha256,
        format: body.format,
        card: message,
        warnings: allWarnings,
      },
      obligations,
      deliveries,
      receipt,
    },
  };
}
