import { receivedAudit } from '../../audit/message-audit.js';
import { obligationsAfterRevision } from '../../clocks/obligations.js';
import { ValidationError } from '../../errors.js';
import { requireGatewayId } from '../../ids.js';
import { formatInstant } from '../../time.js';
import { revisionDateIssues } from '../../validation/date-order.js';
import { isCompleteCard, readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { clockPolicyOf, type Principal, requireRole, type Uses } from '../context.js';
import { deliveriesFor, handOff } from '../dispatch.js';
import { escalateAtOpening } from '../escalations.js';
import { guardReplays } from '../idempotency.js';
import type { Accepted } from '../outcome.js';
import { changesFrom, countLateSatisfactions, retryStaleWrites } from '../stale-writes.js';
import { incidentDeliveryDrafts, receiptOf } from './incident-view.js';
import { loadOwnIncident } from './load-incident.js';

/**
 * PUT /v1/incidents/{id}/card — a new card version from the reporting SOC.
 *
 * 1. Only the SOC that reported the incident may revise it.
 * 2. Validate the body; its socReference must be the incident's.
 * 3. A complete card satisfies `card`; severity 2–4 satisfies `severity_review`.
 * 4. Write the version conditioned on the version read (and each changed obligation on
 *    the state read); a concurrent revision makes us reload and land as the next
 *    version, so two revisions become two versions, and a miss the sweep recorded
 *    meanwhile makes us reload and satisfy late, keeping the miss.
 */
export async function reviseCard(
  deps: Uses<'incidents' | 'parties' | 'idempotency' | 'deliveries' | 'queue'>,
  principal: Principal,
  incidentId: string,
  body: RawBody,
  idempotencyKey?: string,
): Promise<Accepted> {
  // 001 п.24: an owner that reported the incident itself keeps its card duties.
  requireRole(principal, 'soc', 'owner');
  requireGatewayId('inc', incidentId);
  const startedAt = formatInstant(deps.now().getTime());
  const { message, warnings } = readMessage('incidentNotification', body, deps.now);
  const { replay, guard } = await guardReplays(deps, principal, idempotencyKey, {
    route: `PUT /v1/incidents/${incidentId}/card`,
    bodySha256: body.sha256,
    content: message,
  });
  if (replay) return replay;
  const completeCard = isCompleteCard(message);

  // A concurrent revision makes us reload and land as the next version; a concurrent
  // request with the same Idempotency-Key that won is answered as it was.
  return retryStaleWrites(
    async (): Promise<Accepted> => {
      const { incident, obligations } = await loadOwnIncident(deps, principal, incidentId);
      if (message.socReference !== incident.socReference) {
        throw new ValidationError([
          {
            pointer: '/socReference',
            code: 'soc_reference_mismatch',
            message: `Incident ${incidentId} has socReference "${incident.socReference}".`,
          },
        ]);
      }
      const dateIssues = revisionDateIssues(message, incident);
      if (dateIssues.length > 0) throw new ValidationError(dateIssues);
      const receivedAtMs = deps.now().getTime();
      const receivedAt = formatInstant(receivedAtMs);
      const version = incident.version + 1;
      const messageId = `${incidentId}#v${version}`;
      const revisedClocks = obligationsAfterRevision(obligations, {
        severity: message.severity,
        completeCard,
        messageId,
        receivedAtMs,
        incidentId,
        socId: incident.socId,
        confirmedAt: incident.confirmedAt,
        policy: clockPolicyOf(principal.party),
      });
      const parties = await deps.parties.listParties();
      // A clock the revision opens already past due is missed at once; level 1 goes out now.
      const escalated = escalateAtOpening(
        deps,
        revisedClocks,
        parties,
        receivedAtMs,
        'put-incident-card',
      );
      const changed = escalated.obligations;
      const revised = {
        ...incident,
        severity: message.severity,
        type: message.type,
        version,
        completeCard: incident.completeCard || completeCard,
        card: message,
        updatedAt: receivedAt,
      };
      const merged = obligations.map((o) => changed.find((c) => c.id === o.id) ?? o);
      for (const opened of changed)
        if (!merged.some((o) => o.id === opened.id)) merged.push(opened);
      const receipt = receiptOf(incidentId, receivedAt, version, body.sha256, warnings, merged);
      const deliveries = [
        ...deliveriesFor(
          deps,
          incidentDeliveryDrafts(revised, parties, 'incident.card', undefined),
          receivedAt,
          parties,
        ),
        ...escalated.deliveries,
      ];
      await deps.incidents.saveIncidentUpdate({
        incident: revised,
        expectedVersion: incident.version,
        expectedStatus: incident.status,
        newVersion: {
          incidentId,
          version,
          messageId,
          receivedAt,
          sha256: body.sha256,
          format: body.format,
          card: message,
          warnings,
        },
        obligations: changesFrom(obligations, changed),
        deliveries,
        ...guard.claim(200, receipt, receivedAtMs),
        audit: [
          receivedAudit(principal, {
            source: 'put-incident-card',
            subjectId: incidentId,
            sha256: body.sha256,
            startedAt,
            at: receivedAt,
            description: `Card of incident ${incidentId} received as version ${version} (${completeCard ? 'complete' : 'notification fields'}, ${body.format}, ${body.byteLength} bytes)`,
          }),
          ...escalated.audit,
        ],
      });
      countLateSatisfactions(deps.metrics, changesFrom(obligations, changed));
      await handOff(deps, deliveries);
      return { statusCode: 200, receipt, replayed: false };
    },
    { replayed: (taken) => guard.answerForTaken(taken) },
  );
}
