import { receivedAudit } from '../../audit/message-audit.js';
import { obligationsAfterResponse, responseAnswers, statusOf } from '../../clocks/obligations.js';
import { RESPONSES_SATISFYING } from '../../clocks/rules.js';
import { ValidationError } from '../../errors.js';
import { requireGatewayId } from '../../ids.js';
import type { IncidentNotification } from '../../model/messages.js';
import { formatInstant } from '../../time.js';
import { responseDateIssues } from '../../validation/date-order.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { type Principal, requireRole, type Uses } from '../context.js';
import { deliveriesFor, handOff } from '../dispatch.js';
import { guardReplays } from '../idempotency.js';
import { prepareNewIncident } from '../incidents/accept-incident.js';
import type { Accepted } from '../outcome.js';
import { requireAllowedKind } from '../party-policy.js';
import { changesFrom, countLateSatisfactions, retryStaleWrites } from '../stale-writes.js';
import { loadOwnRecipient } from './notice-inbox.js';

/**
 * POST /v1/notices/{id}/responses — the recipient SOC answers (004 п.9, 72 h).
 *
 * 1. Only a recipient may answer; the response kind must answer the notice kind.
 * 2. An incident_card response opens an incident like POST /v1/incidents does, so the
 *    party's policy must allow `incident` as well as `notice_response`. An incident notice
 *    answered incident_not_confirmed (004 п.9: the card is owed "расталған кезде", when
 *    confirmed) carries the analysis in `results` and opens no card clock.
 * 3. Satisfies `notice_response` (and an outstanding `notice_ack`) in the same transaction,
 *    with the Idempotency-Key record: a replay answers the original receipt, another
 *    body with the same key is a 409.
 */
export async function respondToNotice(
  deps: Uses<
    'notices' | 'obligations' | 'parties' | 'idempotency' | 'incidents' | 'deliveries' | 'queue'
  >,
  principal: Principal,
  noticeId: string,
  body: RawBody,
  idempotencyKey?: string,
) {
  requireRole(principal, 'soc', 'owner');
  requireGatewayId('ntc', noticeId);
  const startedAt = formatInstant(deps.now().getTime());
  const recipient = await loadOwnRecipient(deps, principal, noticeId);
  const { message: response, warnings } = readMessage('noticeResponse', body, deps.now);
  const { replay, guard } = await guardReplays(deps, principal, idempotencyKey, {
    route: `POST /v1/notices/${noticeId}/responses`,
    bodySha256: body.sha256,
    content: response,
  });
  if (replay) return replay;
  const notice = await deps.notices.getNotice(noticeId);
  if (!notice) throw new Error(`Notice ${noticeId} has a recipient but no notice record`);
  // An incident_card response opens an incident: the party must be allowed both kinds.
  if (response.card !== undefined) requireAllowedKind(principal, 'incident');
  if (!responseAnswers(notice.notice.kind, response.kind)) {
    throw new ValidationError([
      {
        pointer: '/kind',
        code: 'response_kind_mismatch',
        message: `A ${notice.notice.kind} notice is answered by ${RESPONSES_SATISFYING[notice.notice.kind].join(' or ')}.`,
      },
    ]);
  }
  const dateIssues = responseDateIssues(response, notice);
  if (dateIssues.length > 0) throw new ValidationError(dateIssues);
  const responseId = deps.newId('rsp');
  // Obligations are written only if still as read. When the sweep marked one missed
  // meanwhile, the whole answer is worked out again as of now: the obligation is then
  // satisfied late, and the miss stays on record.
  return retryStaleWrites(
    async (): Promise<Accepted & { incidentId: string | undefined }> => {
      const receivedAtMs = deps.now().getTime();
      const receivedAt = formatInstant(receivedAtMs);
      const incident = response.card
        ? await prepareNewIncident(
            deps,
            principal,
            response.card as IncidentNotification,
            [],
            body,
            receivedAtMs,
            'post-notice-response',
          )
        : undefined;
      const own = (await deps.obligations.obligationsOf(noticeId)).filter(
        (o) => o.owedBy === principal.partyId,
      );
      const satisfied = obligationsAfterResponse(own, receivedAtMs, responseId);
      const merged = own.map((o) => satisfied.find((s) => s.id === o.id) ?? o);
      const receipt = {
        id: responseId,
        receivedAt,
        version: 1,
        sha256: body.sha256,
        warnings,
        obligations: [...merged, ...(incident?.write.obligations ?? [])].map(statusOf),
      };
      // The issuing NCC hears of every answer (issue #14 item 1), in the same transaction.
      const toIssuer = deliveriesFor(
        deps,
        [
          {
            partyId: notice.issuedBy,
            event: 'notice.responded',
            subjectId: noticeId,
            payload: {
              noticeId,
              partyId: principal.partyId,
              responseId,
              receivedAt,
              response,
              ...(incident ? { incidentId: incident.write.incident.id } : {}),
            },
          },
        ],
        receivedAt,
      );
      await deps.notices.saveNoticeResponse({
        deliveries: toIssuer,
        response: {
          id: responseId,
          noticeId,
          partyId: principal.partyId,
          receivedAt,
          sha256: body.sha256,
          response,
          ...(incident ? { incidentId: incident.write.incident.id } : {}),
        },
        recipient: {
          ...recipient,
          respondedAt: recipient.respondedAt ?? receivedAt,
          acknowledgedAt: recipient.acknowledgedAt ?? receivedAt,
        },
        satisfied: changesFrom(own, satisfied),
        ...(incident
          ? { incident: { ...incident.write, receipt, requestSha256: guard.requestSha256 } }
          : {}),
        // Every response kind is guarded by the Idempotency-Key, not only incident cards.
        ...guard.claim(201, receipt, receivedAtMs),
        // One entry for the one message received, an incident_card answer included.
        audit: [
          receivedAudit(principal, {
            source: 'post-notice-response',
            subjectId: noticeId,
            sha256: body.sha256,
            startedAt,
            at: receivedAt,
            description: `Response ${responseId} (${response.kind}) to notice ${noticeId}${incident ? ` opening incident ${incident.write.incident.id}` : ''} (${body.format}, ${body.byteLength} bytes)`,
          }),
          ...(incident?.escalationAudit ?? []),
        ],
      });
      countLateSatisfactions(deps.metrics, changesFrom(own, satisfied));
      await handOff(deps, [...(incident?.write.deliveries ?? []), ...toIssuer]);
      return {
        statusCode: 201 as const,
        receipt,
        replayed: false,
        incidentId: incident?.write.incident.id,
      };
    },
    {
      replayed: async (taken) => ({
        ...(await guard.answerForTaken(taken)),
        incidentId: undefined,
      }),
    },
  );
}
