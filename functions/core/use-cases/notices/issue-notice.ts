import {
  obligationForOwnerNotice,
  obligationsForNotice,
  statusOf,
} from '../../clocks/obligations.js';
import { type Issue, ValidationError } from '../../errors.js';
import type { NccNotice } from '../../model/messages.js';
import type { NoticeRecipientRecord, NoticeRecord, PartyRecord } from '../../ports/records.js';
import { ClaimTakenError } from '../../ports/write-conflicts.js';
import { formatInstant, instantOf } from '../../time.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { clockPolicyOf, type Principal, requireRole, type Uses } from '../context.js';
import { deliveriesFor, handOff } from '../dispatch.js';
import { escalateAtOpening } from '../escalations.js';
import { guardReplays } from '../idempotency.js';

/**
 * The parties a notice reaches: the SOCs and owners named (001 п.10(1): the NCC notifies
 * the object's responsible persons), and every SOC registered in a named sector. A named
 * party that is not a registered SOC or owner is an error, so a typo never silently
 * drops a recipient.
 */
export function resolveRecipients(
  notice: NccNotice,
  parties: readonly PartyRecord[],
): PartyRecord[] {
  const issues: Issue[] = [];
  const chosen = new Map<string, PartyRecord>();
  (notice.recipients.parties ?? []).forEach((id, i) => {
    const party = parties.find((p) => p.id === id);
    if (party?.role === 'soc' || party?.role === 'owner') chosen.set(id, party);
    else
      issues.push({
        pointer: `/recipients/parties/${i}`,
        code: 'unknown_recipient',
        message: `"${id}" is not a registered SOC or owner.`,
      });
  });
  const sectors = new Set(notice.recipients.sectors ?? []);
  for (const party of parties) {
    if (party.role === 'soc' && party.sectors?.some((s) => sectors.has(s)))
      chosen.set(party.id, party);
  }
  if (issues.length === 0 && chosen.size === 0) {
    issues.push({
      pointer: '/recipients',
      code: 'no_recipients',
      message: 'No registered SOC matches these recipients.',
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return [...chosen.values()];
}

/**
 * POST /v1/notices — the NCC issues a threat, event or incident notice.
 *
 * 1. Resolve recipients (parties and sectors) to registered SOCs.
 * 2. For each: an inbox entry, `notice_ack` and `notice_response`, both from now — when the
 *    notice becomes available in the recipient's inbox (004 п.9 «хабарландырылған сәттен
 *    бастап»). The NCC's `notifiedAt` is kept for the record and starts no clock.
 * 3. One `notice.issued` delivery per recipient, written with the notice (outbox), then handed to SQS.
 */
export async function issueNotice(
  deps: Uses<'notices' | 'parties' | 'idempotency' | 'deliveries' | 'queue'>,
  principal: Principal,
  body: RawBody,
  idempotencyKey?: string,
) {
  requireRole(principal, 'ncc');
  const { message: notice, warnings } = readMessage('nccNotice', body, deps.now);
  const { replay, guard } = await guardReplays(deps, principal, idempotencyKey, {
    route: 'POST /v1/notices',
    bodySha256: body.sha256,
    content: notice,
  });
  if (replay) return replay;
  const parties = await deps.parties.listParties();
  const recipients = resolveRecipients(notice, parties);
  const toOwners = recipients.some((r) => r.role === 'owner');
  // 001 п.10(1): the 30 minutes to the responsible persons run from detection.
  if (toOwners && notice.detectedAt === undefined) {
    throw new ValidationError([
      {
        pointer: '/detectedAt',
        code: 'required',
        message: 'A notice to an owner needs detectedAt (001 п.10(1): 30 minutes from detection).',
      },
    ]);
  }
  const issuedAtMs = deps.now().getTime();
  const issuedAt = formatInstant(issuedAtMs);
  const notifiedAtMs = notice.notifiedAt ? instantOf(notice.notifiedAt) : issuedAtMs;
  const noticeId = deps.newId('ntc');
  const record: NoticeRecord = {
    id: noticeId,
    issuedBy: principal.partyId,
    issuedAt,
    notifiedAt: formatInstant(notifiedAtMs),
    sha256: body.sha256,
    notice,
    recipients: recipients.map((r) => r.id),
  };
  const recipientObligations = recipients.flatMap((r) =>
    obligationsForNotice({
      noticeId,
      recipientId: r.id,
      issuedAtMs,
      nowMs: issuedAtMs,
      policy: clockPolicyOf(r),
    }),
  );
  // The NCC's own clock: a detected event or incident, told to an owner's responsible persons.
  const nccClock =
    toOwners && notice.kind !== 'threat' && notice.detectedAt !== undefined
      ? [
          obligationForOwnerNotice({
            noticeId,
            nccId: principal.partyId,
            detectedAtMs: instantOf(notice.detectedAt),
            issuedAtMs,
            policy: clockPolicyOf(principal.party),
          }),
        ]
      : [];
  // Clocks start now, so none opens missed today; kept so a future rule cannot skip it.
  const escalated = escalateAtOpening(
    deps,
    [...recipientObligations, ...nccClock],
    parties,
    issuedAtMs,
  );
  const obligations = escalated.obligations;
  // Recipients see the notice, not who else received it (tenant isolation, SPEC §4).
  const { recipients: _addressees, ...noticeForRecipients } = notice;
  const deliveries = [
    ...deliveriesFor(
      deps,
      recipients.map((r) => ({
        partyId: r.id,
        event: 'notice.issued' as const,
        subjectId: noticeId,
        payload: { noticeId, issuedAt, notifiedAt: record.notifiedAt, notice: noticeForRecipients },
      })),
      issuedAt,
    ),
    ...escalated.deliveries,
  ];
  const deliveryTo = new Map(
    deliveries.filter((d) => d.event === 'notice.issued').map((d) => [d.partyId, d.id]),
  );
  const inbox: NoticeRecipientRecord[] = recipients.map((r) => {
    const deliveryId = deliveryTo.get(r.id);
    return { noticeId, partyId: r.id, issuedAt, ...(deliveryId ? { deliveryId } : {}) };
  });
  const receipt = {
    id: noticeId,
    receivedAt: issuedAt,
    version: 1,
    sha256: body.sha256,
    warnings,
    obligations: obligations.map(statusOf),
  };
  try {
    await deps.notices.saveNewNotice({
      notice: record,
      recipients: inbox,
      obligations,
      deliveries,
      ...guard.claim(201, receipt, issuedAtMs),
    });
  } catch (error) {
    if (error instanceof ClaimTakenError) return guard.answerForTaken(error);
    throw error;
  }
  await handOff(deps, deliveries);
  return {
    statusCode: 201 as const,
    receipt,
    replayed: false,
    deliveries: deliveries.map((d) => ({ deliveryId: d.id, partyId: d.partyId })),
  };
}
