import { receivedAudit } from '../../audit/message-audit.js';
import { obligationsAfterClosure } from '../../clocks/obligations.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { requireGatewayId } from '../../ids.js';
import { formatInstant } from '../../time.js';
import { closureDateIssues } from '../../validation/date-order.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { guardReplays } from '../idempotency.js';
import type { Accepted } from '../outcome.js';
import { changesFrom, countLateSatisfactions, retryStaleWrites } from '../stale-writes.js';
import { receiptOf } from './incident-view.js';
import { loadOwnIncident } from './load-incident.js';

/**
 * POST /v1/incidents/{id}/close — the SOC declares the causes eliminated, which
 * satisfies `elimination` (001 п.10(1)) on time or late, judged at arrival. The write
 * is conditioned on the incident's version and the obligation's state as read; when a
 * revision or the sweep got there first, the closure reloads and is judged again.
 */
export async function closeIncident(
  deps: Uses<'incidents' | 'idempotency'>,
  principal: Principal,
  incidentId: string,
  body: RawBody,
  idempotencyKey?: string,
): Promise<Accepted> {
  // 001 п.24: an owner that reported the incident itself keeps its card duties.
  requireRole(principal, 'soc', 'owner');
  requireGatewayId('inc', incidentId);
  const startedAt = formatInstant(deps.now().getTime());
  const { message, warnings } = readMessage('incidentClosure', body, deps.now);
  const { replay, guard } = await guardReplays(deps, principal, idempotencyKey, {
    route: `POST /v1/incidents/${incidentId}/close`,
    bodySha256: body.sha256,
    content: message,
  });
  if (replay) return replay;

  // A revision, or the sweep marking `elimination` missed: reload and close again.
  return retryStaleWrites(
    async (): Promise<Accepted> => {
      const { incident, obligations } = await loadOwnIncident(deps, principal, incidentId);
      if (incident.status === 'closed') {
        throw new ConflictError(
          'incident_closed',
          `Incident ${incidentId} was already closed at ${incident.closedAt}.`,
        );
      }
      const dateIssues = closureDateIssues(message, incident);
      if (dateIssues.length > 0) throw new ValidationError(dateIssues);
      const receivedAtMs = deps.now().getTime();
      const receivedAt = formatInstant(receivedAtMs);
      const changed = obligationsAfterClosure(obligations, receivedAtMs, `${incidentId}#close`);
      const closed = {
        ...incident,
        status: 'closed' as const,
        closedAt: receivedAt,
        eliminatedAt: message.eliminatedAt,
        updatedAt: receivedAt,
      };
      const merged = obligations.map((o) => changed.find((c) => c.id === o.id) ?? o);
      const receipt = receiptOf(
        incidentId,
        receivedAt,
        incident.version,
        body.sha256,
        warnings,
        merged,
      );
      await deps.incidents.saveIncidentUpdate({
        incident: closed,
        expectedVersion: incident.version,
        expectedStatus: 'open',
        obligations: changesFrom(obligations, changed),
        deliveries: [],
        ...guard.claim(200, receipt, receivedAtMs),
        audit: [
          receivedAudit(principal, {
            source: 'close-incident',
            subjectId: incidentId,
            sha256: body.sha256,
            startedAt,
            at: receivedAt,
            description: `Closure of incident ${incidentId} received (eliminated at ${message.eliminatedAt}, ${body.format}, ${body.byteLength} bytes)`,
          }),
        ],
      });
      countLateSatisfactions(deps.metrics, changesFrom(obligations, changed));
      return { statusCode: 200, receipt, replayed: false };
    },
    {
      replayed: (taken) => guard.answerForTaken(taken),
      exhausted: (stale) =>
        new ConflictError(
          'incident_changed',
          `Incident ${incidentId} changed while closing; retry.`,
          {
            cause: stale,
            retryAfterSeconds: 1,
          },
        ),
    },
  );
}
