import { obligationsAfterClosure } from '../../clocks/obligations.js';
import { ConflictError } from '../../errors.js';
import { ClaimTakenError, StaleWriteError } from '../../ports/stores.js';
import { formatInstant } from '../../time.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { type GatewayDeps, type Principal, requireRole } from '../context.js';
import { guardReplays } from '../idempotency.js';
import type { Accepted } from '../outcome.js';
import { receiptOf } from './incident-view.js';
import { loadOwnIncident } from './load-incident.js';

/**
 * POST /v1/incidents/{id}/close — the SOC declares the causes eliminated, which
 * satisfies `elimination` (001 п.10(1)) on time or late, judged at arrival.
 */
export async function closeIncident(
  deps: GatewayDeps,
  principal: Principal,
  incidentId: string,
  body: RawBody,
  idempotencyKey?: string,
): Promise<Accepted> {
  requireRole(principal, 'soc');
  const { replay, guard } = await guardReplays(
    deps,
    principal,
    idempotencyKey,
    `POST /v1/incidents/${incidentId}/close`,
    body.sha256,
  );
  if (replay) return replay;
  const { message } = readMessage('incidentClosure', body, deps.now);

  const { incident, obligations } = await loadOwnIncident(deps, principal, incidentId);
  if (incident.status === 'closed') {
    throw new ConflictError(
      'incident_closed',
      `Incident ${incidentId} was already closed at ${incident.closedAt}.`,
    );
  }
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
  const receipt = receiptOf(incidentId, receivedAt, incident.version, body.sha256, [], merged);
  try {
    await deps.store.saveIncidentUpdate({
      incident: closed,
      expectedVersion: incident.version,
      expectedStatus: 'open',
      obligations: changed,
      deliveries: [],
      ...guard.claim(200, receipt, receivedAtMs),
    });
  } catch (error) {
    if (error instanceof ClaimTakenError) return guard.answerForTaken(error);
    if (error instanceof StaleWriteError) {
      throw new ConflictError(
        'incident_changed',
        `Incident ${incidentId} changed while closing; retry.`,
        { cause: error },
      );
    }
    throw error;
  }
  return { statusCode: 200, receipt, replayed: false };
}
