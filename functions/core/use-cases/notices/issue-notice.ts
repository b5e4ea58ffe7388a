import { receivedAudit } from '../../audit/message-audit.js';
import { obligationForOwnerNotice, statusOf } from '../../clocks/obligations.js';
import { type Issue, ValidationError } from '../../errors.js';
import type { NccNotice } from '../../model/messages.js';
import { FANOUT_BATCH_RECIPIENTS } from '../../ports/notices.js';
import type { NoticeFanoutRecord, NoticeRecord, PartyRecord } from '../../ports/records.js';
import { ClaimTakenError } from '../../ports/write-conflicts.js';
import { formatInstant, instantOf } from '../../time.js';
import { readMessage } from '../../validation/read-message.js';
import type { RawBody } from '../../wire/read-body.js';
import { clockPolicyOf, type Principal, requireRole, type Uses } from '../context.js';
import { handOff } from '../dispatch.js';
import { escalateAtOpening } from '../escalations.js';
import { guardReplays } from '../idempotency.js';
import {
  continueFanout,
  continueLater,
  fanoutDeliveryId,
  recipientClocks,
  sharesOf,
} from './fanout.js';

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
 * How long the accepting request goes on expanding a large notice itself (from the
 * use case's start) before it answers and hands the rest to the worker: well inside the
 * 4.5 s every request is answered in (REQUEST_DEADLINE_MS), with room for what comes
 * before (authentication, the body) and after (the last batch's hand-off to SQS).
 */
export const INLINE_FANOUT_BUDGET_MS = 2_000;

/**
 * The widest notice the accepting request expands itself (five batches). A wider one is
 * handed to the worker right after it is accepted: the worker's "continue fan-out"
 * message is queued behind every delivery handed off before it, so a request that
 * expanded for 2 s first made the worker start 2–5 s later on a loaded emulator
 * (hundreds of deliveries ahead of it), while handed off at once it starts behind 20.
 */
export const INLINE_FANOUT_MAX_RECIPIENTS = 5 * FANOUT_BATCH_RECIPIENTS;

/**
 * POST /v1/notices — the NCC issues a threat, event or incident notice.
 *
 * 1. Resolve recipients (parties and sectors) to registered SOCs and owners.
 * 2. Accept the notice whole, in one transaction: head, fan-out record (every recipient,
 *    with its clock settings), the NCC's own clock, and the first batch of recipients —
 *    all of a notice to at most 20 (issue #14 item 5).
 * 3. Per recipient: an inbox entry, `notice_ack` and `notice_response` from the issue
 *    time — when the notice becomes available in the recipient's inbox (004 п.9
 *    «хабарландырылған сәттен бастап») — and one `notice.issued` delivery (outbox), handed
 *    to SQS batch by batch. The NCC's `notifiedAt` is kept for the record and starts no clock.
 * 4. A notice to at most {@link INLINE_FANOUT_MAX_RECIPIENTS}: expand the rest batch by
 *    batch within {@link INLINE_FANOUT_BUDGET_MS}. Whatever is left, and all of a wider
 *    notice, the worker goes on with (a "continue fan-out" message on the queue, sent
 *    before this batch's deliveries); after a crash or a lost message the sweep finishes
 *    it. The receipt lists
 *    every recipient's clocks and delivery id either way: they are fixed at acceptance.
 */
export async function issueNotice(
  deps: Uses<'notices' | 'parties' | 'idempotency' | 'deliveries' | 'queue'>,
  principal: Principal,
  body: RawBody,
  idempotencyKey?: string,
) {
  requireRole(principal, 'ncc');
  const startedMs = deps.now().getTime();
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
  const fanout: NoticeFanoutRecord = {
    noticeId,
    recipients: recipients.map((r) => ({ partyId: r.id, policy: clockPolicyOf(r) })),
    expanded: 0,
    createdAt: issuedAt,
    updatedAt: issuedAt,
  };
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
  // Recipients' clocks start now, so none opens missed; the NCC's is satisfied at once.
  // Kept so a future rule cannot skip the escalation of a clock opened missed.
  const escalated = escalateAtOpening(deps, nccClock, parties, issuedAtMs, 'post-notice');
  const escalations = escalated.deliveries;
  const first = sharesOf(record, fanout.recipients.slice(0, FANOUT_BATCH_RECIPIENTS), issuedAt);
  const obligations = [
    ...fanout.recipients.flatMap((r) => recipientClocks(record, r)),
    ...escalated.obligations,
  ];
  const receipt = {
    id: noticeId,
    receivedAt: issuedAt,
    version: 1,
    sha256: body.sha256,
    warnings,
    obligations: obligations.map(statusOf),
  };
  let expanded: number;
  try {
    ({ expanded } = await deps.notices.saveNewNotice({
      notice: record,
      fanout,
      shares: first,
      obligations: escalated.obligations,
      deliveries: escalations,
      ...guard.claim(201, receipt, issuedAtMs),
      // п.90-1(7): received from the NCC, on its chain; each recipient's `message.sent`
      // is recorded when its delivery is pushed (deliver.ts), not in the fan-out batches.
      audit: [
        receivedAudit(principal, {
          source: 'post-notice',
          subjectId: noticeId,
          sha256: body.sha256,
          startedAt: formatInstant(startedMs),
          at: issuedAt,
          description: `Notice ${noticeId} (${notice.kind}) issued to ${recipients.length} recipients (${body.format}, ${body.byteLength} bytes)`,
        }),
        ...escalated.audit,
      ],
    }));
  } catch (error) {
    if (error instanceof ClaimTakenError) return guard.answerForTaken(error);
    throw error;
  }
  const total = fanout.recipients.length;
  const toWorker = expanded < total && total > INLINE_FANOUT_MAX_RECIPIENTS;
  // Ahead of this batch's deliveries, so the worker starts before they are worked.
  if (toWorker) await continueLater(deps, noticeId);
  await handOff(deps, [...escalations, ...first.slice(0, expanded).map((s) => s.delivery)]);
  if (expanded < total && !toWorker) {
    try {
      ({ expanded } = await continueFanout(
        deps,
        record,
        { ...fanout, expanded },
        { untilMs: startedMs + INLINE_FANOUT_BUDGET_MS },
      ));
    } catch (error) {
      // Accepted whole already: the worker (or, failing that, the sweep) goes on from here.
      deps.log.warn('Notice fan-out stopped; the worker will go on with it', {
        noticeId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (expanded < total) await continueLater(deps, noticeId);
  }
  return {
    statusCode: 201 as const,
    receipt,
    replayed: false,
    deliveries: [
      ...fanout.recipients.map((r) => ({
        deliveryId: fanoutDeliveryId(noticeId, r.partyId),
        partyId: r.partyId,
      })),
      ...escalations.map((d) => ({ deliveryId: d.id, partyId: d.partyId })),
    ],
  };
}
