/**
 * Obligations as pure values: given a message, the incident's current obligations
 * and the time, which obligations open, which are satisfied (on time or late, with
 * the lateness), and which are past due. No I/O; time comes in as epoch milliseconds
 * taken from an injected clock by the caller.
 */
import type {
  IncidentNotification,
  NoticeKind,
  ObligationKind,
  ObligationState,
  ObligationStatus,
  ResponseKind,
  Vulnerability,
} from '../model/messages.js';
import {
  formatInstant,
  formatNationalExact,
  instantOf,
  isoDuration,
  nationalDateEndMs,
} from '../time.js';
import { type ClockPolicy, dueMsOf, RESPONSES_SATISFYING } from './rules.js';

/** One legal clock: a start, a due time, a state and what satisfied it (docs/contract.md §2). */
export interface Obligation {
  /** Unique per subject, kind and owing party. */
  id: string;
  kind: ObligationKind;
  /** The incident or notice the clock is about. */
  subjectId: string;
  /** The party that owes it (a SOC, an owner, or the NCC for its own clock). */
  owedBy: string;
  startsAt: string;
  dueAt: string;
  /** When to remind the owing party; absent once reminded, or when the reminder time had passed at opening. */
  remindAt?: string;
  state: ObligationState;
  satisfiedAt?: string;
  /** Gateway id of the message that satisfied it. */
  satisfiedBy?: string;
  lateBySeconds?: number;
  /** When it was marked missed (kept after a late satisfaction, so the miss stays on record). */
  missedAt?: string;
  /** The escalation ladder after a miss: what went out at each level (docs/contract.md §2, issue #9 item 8). */
  escalation?: EscalationLadder;
  /** An NCC officer's waiver (state `waived`): who, when and why. */
  waiver?: Waiver;
}

/**
 * What the ladder of a missed obligation has done. docs/contract.md §2: "escalated exactly once per
 * level" — level 1 at the miss to every `ncc` party (and the owing SOC; the authority for
 * `elimination`); level 2 to the recipients the NCC named (`escalation.level2Recipients`)
 * when no `ncc` party acknowledged level 1 within `escalation.level2AfterHours`.
 */
export interface EscalationLadder {
  /** When level 1 went out (the miss). */
  level1At: string;
  /** The level-1 deliveries to `ncc` parties: an ack of any of them by `level2DueAt` stops level 2. */
  level1Deliveries: string[];
  /** While level 2 is pending: when it falls due. Absent once settled, or when the NCC named nobody. */
  level2DueAt?: string;
  /** When level 2 went out, and to whom. */
  level2At?: string;
  level2Recipients?: string[];
  /** Level 1 acknowledged in time (so no level 2): when, and by which `ncc` party. */
  acknowledgedAt?: string;
  acknowledgedBy?: string;
}

/** An obligation an NCC officer waived, with the reason (e.g. a notice the SOC showed was not confirmed). */
export interface Waiver {
  at: string;
  by: string;
  reason: string;
}

export function obligationId(subjectId: string, kind: ObligationKind, owedBy: string): string {
  return `${subjectId}#${kind}#${owedBy}`;
}

interface OpenInput {
  kind: ObligationKind;
  subjectId: string;
  owedBy: string;
  startsAtMs: number;
  nowMs: number;
  policy: ClockPolicy;
  /** A due instant the message states (an Annex 6 elimination date) instead of the rule's window. */
  dueAtMs?: number;
}

/** A fresh open obligation with its due and reminder times (reminder only if still ahead). */
function newObligation({
  kind,
  subjectId,
  owedBy,
  startsAtMs,
  nowMs,
  policy,
  dueAtMs,
}: OpenInput): Obligation {
  const dueMs = dueAtMs ?? dueMsOf(kind, startsAtMs, policy);
  const remindAtMs = startsAtMs + Math.floor((dueMs - startsAtMs) * policy.reminderAt);
  const obligation: Obligation = {
    id: obligationId(subjectId, kind, owedBy),
    kind,
    subjectId,
    owedBy,
    startsAt: formatInstant(startsAtMs),
    dueAt: formatInstant(dueMs),
    state: 'open',
  };
  if (remindAtMs > nowMs) obligation.remindAt = formatInstant(remindAtMs);
  return obligation;
}

/**
 * Opens an obligation. One whose due time has already passed when it opens (a
 * notification sent days after confirmation) is missed at once, so that the miss is
 * escalated now rather than at the next sweep.
 */
export function openObligation(input: OpenInput): Obligation {
  return markMissedIfPastDue(newObligation(input), input.nowMs);
}

/** Opens an obligation and satisfies it with the message that opened it (on time or late). */
function openSatisfied(input: OpenInput, by: string): Obligation {
  return satisfy(newObligation(input), input.nowMs, by);
}

function markMissedIfPastDue(obligation: Obligation, nowMs: number): Obligation {
  return nowMs > instantOf(obligation.dueAt) ? markMissed(obligation, nowMs) : obligation;
}

/**
 * Satisfies an open (or missed) obligation at `atMs`: on time up to and including the
 * due instant, late after it with the whole seconds of lateness. Satisfied and waived
 * obligations are returned unchanged, so replays change nothing.
 */
export function satisfy(obligation: Obligation, atMs: number, by: string): Obligation {
  if (obligation.state !== 'open' && obligation.state !== 'missed') return obligation;
  const { remindAt: _reminderNoLongerDue, escalation, ...owed } = obligation;
  // Satisfied, even late, nothing is outstanding: a pending level 2 is dropped.
  const rest = escalation ? { ...owed, escalation: withoutLevel2Due(escalation) } : owed;
  const lateMs = atMs - instantOf(obligation.dueAt);
  if (lateMs <= 0)
    return { ...rest, state: 'satisfied', satisfiedAt: formatInstant(atMs), satisfiedBy: by };
  return {
    ...rest,
    state: 'satisfied_late',
    satisfiedAt: formatInstant(atMs),
    satisfiedBy: by,
    lateBySeconds: Math.max(1, Math.floor(lateMs / 1000)),
  };
}

/** Marks an open obligation missed (exactly once: anything not open is returned unchanged). */
export function markMissed(obligation: Obligation, nowMs: number): Obligation {
  if (obligation.state !== 'open') return obligation;
  const { remindAt: _noReminderAfterMiss, ...rest } = obligation;
  return { ...rest, state: 'missed', missedAt: formatInstant(nowMs) };
}

/** Drops the reminder once it has been sent. */
export function markReminded(obligation: Obligation): Obligation {
  const { remindAt: _sent, ...rest } = obligation;
  return rest;
}

/** Whether an obligation may still be waived: only while it is owed (open or missed). */
export function isWaivable(obligation: Obligation): boolean {
  return obligation.state === 'open' || obligation.state === 'missed';
}

/**
 * Waives an open or missed obligation: state `waived`, no reminder, and a pending level 2
 * stopped (the ladder keeps what already went out). Anything else is returned unchanged.
 */
export function waive(obligation: Obligation, waiver: Waiver): Obligation {
  if (!isWaivable(obligation)) return obligation;
  const { remindAt: _noReminder, escalation, ...rest } = obligation;
  const ladder = escalation === undefined ? undefined : withoutLevel2Due(escalation);
  return { ...rest, ...(ladder ? { escalation: ladder } : {}), state: 'waived', waiver };
}

function withoutLevel2Due(ladder: EscalationLadder): EscalationLadder {
  const { level2DueAt: _stopped, ...rest } = ladder;
  return rest;
}

/** The level-1 rung of a just-missed obligation, and when level 2 falls due (if anyone is named for it). */
export function startLadder(
  missed: Obligation,
  level1: { atMs: number; deliveries: readonly string[]; level2AfterMs?: number },
): Obligation {
  if (missed.state !== 'missed') return missed;
  const ladder: EscalationLadder = {
    level1At: formatInstant(level1.atMs),
    level1Deliveries: [...level1.deliveries],
  };
  if (level1.level2AfterMs !== undefined)
    ladder.level2DueAt = formatInstant(level1.atMs + level1.level2AfterMs);
  return { ...missed, escalation: ladder };
}

/** Level 2 is pending and due at `nowMs` (only a missed obligation climbs the ladder). */
export function isLevel2Due(obligation: Obligation, nowMs: number): boolean {
  const due = obligation.escalation?.level2DueAt;
  return obligation.state === 'missed' && due !== undefined && nowMs >= instantOf(due);
}

/**
 * Settles level 2: stopped by an acknowledgement of level 1 made by its due time, else
 * sent to `recipients` at `nowMs`. Either way it is no longer pending, so it happens once.
 */
export function settleLevel2(
  obligation: Obligation,
  outcome:
    | { acknowledged: { at: string; by: string } }
    | { sent: { atMs: number; recipients: readonly string[] } },
): Obligation {
  const ladder = obligation.escalation;
  if (ladder?.level2DueAt === undefined) return obligation;
  const rest = withoutLevel2Due(ladder);
  const settled: EscalationLadder =
    'acknowledged' in outcome
      ? {
          ...rest,
          acknowledgedAt: outcome.acknowledged.at,
          acknowledgedBy: outcome.acknowledged.by,
        }
      : {
          ...rest,
          level2At: formatInstant(outcome.sent.atMs),
          level2Recipients: [...outcome.sent.recipients],
        };
  return { ...obligation, escalation: settled };
}

export type SweepAction = 'miss' | 'remind' | 'none';

/** What the sweep must do with an obligation at `nowMs`. */
export function sweepAction(obligation: Obligation, nowMs: number): SweepAction {
  if (obligation.state !== 'open') return 'none';
  if (nowMs > instantOf(obligation.dueAt)) return 'miss';
  if (obligation.remindAt !== undefined && nowMs >= instantOf(obligation.remindAt)) return 'remind';
  return 'none';
}

/** The obligation as a receipt lists it. */
export function statusOf(obligation: Obligation): ObligationStatus {
  const status: ObligationStatus = {
    kind: obligation.kind,
    state: obligation.state,
    dueAt: obligation.dueAt,
    // People read national time (docs/contract.md §2); machines keep the UTC instant beside it.
    dueAtNational: formatNationalExact(instantOf(obligation.dueAt)),
  };
  if (obligation.lateBySeconds !== undefined) {
    status.lateBySeconds = obligation.lateBySeconds;
    status.lateBy = isoDuration(obligation.lateBySeconds);
  }
  return status;
}

export interface NewIncident {
  incidentId: string;
  socId: string;
  /** The object owner's party, when known: opens `notify_owner`. */
  ownerId?: string;
  message: IncidentNotification;
  /**
   * The damaged object is an e-government informatization object (its kind in the
   * registry, else as the card states): only then is there an `elimination` clock.
   */
  egovObject: boolean;
  completeCard: boolean;
  /** Gateway id of the message (for `satisfiedBy`). */
  messageId: string;
  receivedAtMs: number;
  policy: ClockPolicy;
}

/**
 * The obligations a first incident message creates (docs/contract.md §2). Every clock starts at
 * the `confirmedAt` stated by the SOC, never at the time of receipt.
 */
export function obligationsForNewIncident(input: NewIncident): Obligation[] {
  const { incidentId, socId, message, receivedAtMs, policy, messageId } = input;
  const confirmedAtMs = instantOf(message.details.confirmedAt);
  const clock = (kind: ObligationKind): OpenInput => ({
    kind,
    subjectId: incidentId,
    owedBy: socId,
    startsAtMs: confirmedAtMs,
    nowMs: receivedAtMs,
    policy,
  });
  const open = (kind: ObligationKind) => openObligation(clock(kind));
  // 004 п.9: the notification reaching the gateway is what satisfies notify_ncc (late if after 15 min).
  const obligations: Obligation[] = [openSatisfied(clock('notify_ncc'), messageId)];
  if (input.ownerId) obligations.push(open('notify_owner'));
  obligations.push(input.completeCard ? openSatisfied(clock('card'), messageId) : open('card'));
  if (message.severity === 1) obligations.push(open('severity_review'));
  // 001 п.10(1), chapter 2 (e-government objects): ҰҚК hears when the causes and
  // consequences are not eliminated within 72 h. For a critical ICT object outside
  // e-government (chapter 3, п.22, п.24) the 72-hour duty is the information on the
  // measures taken, which the card carries (its `actionsTaken`): no elimination clock.
  if (input.egovObject) obligations.push(open('elimination'));
  return obligations;
}

export interface CardRevision {
  severity: number;
  completeCard: boolean;
  messageId: string;
  receivedAtMs: number;
  incidentId: string;
  socId: string;
  /** The incident's original confirmedAt: revisions cannot move a legal clock. */
  confirmedAt: string;
  policy: ClockPolicy;
}

/**
 * How a card revision changes the incident's obligations: a complete card satisfies
 * `card`; a severity of 2, 3 or 4 satisfies `severity_review`; a revision down to
 * severity 1 opens `severity_review` if the incident never had one. Returns only the
 * obligations that changed or opened.
 */
export function obligationsAfterRevision(
  current: readonly Obligation[],
  revision: CardRevision,
): Obligation[] {
  const changed: Obligation[] = [];
  const byKind = (kind: ObligationKind) => current.find((o) => o.kind === kind);
  const update = (obligation: Obligation | undefined) => {
    if (!obligation) return;
    const next = satisfy(obligation, revision.receivedAtMs, revision.messageId);
    if (next !== obligation) changed.push(next);
  };
  if (revision.completeCard) update(byKind('card'));
  const review = byKind('severity_review');
  if (revision.severity !== 1) update(review);
  else if (!review) {
    changed.push(
      openObligation({
        kind: 'severity_review',
        subjectId: revision.incidentId,
        owedBy: revision.socId,
        startsAtMs: instantOf(revision.confirmedAt),
        nowMs: revision.receivedAtMs,
        policy: revision.policy,
      }),
    );
  }
  return changed;
}

/** Closing the incident as eliminated satisfies `elimination` (001 п.10(1)). */
export function obligationsAfterClosure(
  current: readonly Obligation[],
  atMs: number,
  by: string,
): Obligation[] {
  const elimination = current.find((o) => o.kind === 'elimination');
  if (!elimination) return [];
  const next = satisfy(elimination, atMs, by);
  return next === elimination ? [] : [next];
}

export interface NoticeDelivery {
  noticeId: string;
  recipientId: string;
  /**
   * When the gateway made the notice available to the recipient (its inbox): starts
   * `notice_ack` and `notice_response`. Never a time the NCC states in the notice.
   */
  issuedAtMs: number;
  nowMs: number;
  policy: ClockPolicy;
}

/**
 * The two clocks an NCC notice starts for each recipient. 004 п.9: the answer is owed
 * "хабарландырылған сәттен бастап 72 (жетпіс екі) сағат ішінде" — from the moment the
 * SOC was notified, i.e. when the gateway put the notice in its inbox; a `notifiedAt`
 * days back must not open the clock already missed.
 */
export function obligationsForNotice(input: NoticeDelivery): Obligation[] {
  const common = {
    subjectId: input.noticeId,
    owedBy: input.recipientId,
    nowMs: input.nowMs,
    policy: input.policy,
  };
  return [
    openObligation({ ...common, kind: 'notice_ack', startsAtMs: input.issuedAtMs }),
    openObligation({ ...common, kind: 'notice_response', startsAtMs: input.issuedAtMs }),
  ];
}

/**
 * The NCC's own clock (001 п.10(1)): a notice about a detected event or incident reaches
 * the object's responsible persons within 30 minutes of `detectedAt`. The notice reaching
 * the gateway (which makes it available to them at once) satisfies it, late if after.
 */
export function obligationForOwnerNotice(input: {
  noticeId: string;
  nccId: string;
  detectedAtMs: number;
  issuedAtMs: number;
  policy: ClockPolicy;
}): Obligation {
  return openSatisfied(
    {
      kind: 'notify_responsible',
      subjectId: input.noticeId,
      owedBy: input.nccId,
      startsAtMs: input.detectedAtMs,
      nowMs: input.issuedAtMs,
      policy: input.policy,
    },
    input.noticeId,
  );
}

/** Whether a response of this kind answers a notice of that kind. */
export function responseAnswers(noticeKind: NoticeKind, responseKind: ResponseKind): boolean {
  return RESPONSES_SATISFYING[noticeKind].includes(responseKind);
}

/**
 * A response satisfies `notice_response` and, since answering proves receipt, an
 * outstanding `notice_ack` too. Returns the obligations that changed.
 */
export function obligationsAfterResponse(
  current: readonly Obligation[],
  atMs: number,
  by: string,
): Obligation[] {
  return current
    .filter((o) => o.kind === 'notice_response' || o.kind === 'notice_ack')
    .map((o) => ({ before: o, after: satisfy(o, atMs, by) }))
    .filter(({ before, after }) => before !== after)
    .map(({ after }) => after);
}

/** An explicit ack satisfies `notice_ack` (or, for an incident delivery, `notify_owner`). */
export function obligationsAfterAck(
  current: readonly Obligation[],
  kind: 'notice_ack' | 'notify_owner',
  atMs: number,
  by: string,
): Obligation[] {
  const target = current.find((o) => o.kind === kind);
  if (!target) return [];
  const next = satisfy(target, atMs, by);
  return next === target ? [] : [next];
}

export interface VulnerabilityMessage {
  vulnerabilityId: string;
  /** The reporting party (the owner, or its SOC): it owes the clocks. */
  reporterId: string;
  message: Vulnerability;
  /** Gateway id of the message (for `satisfiedBy`). */
  messageId: string;
  receivedAtMs: number;
  policy: ClockPolicy;
  /**
   * 001 п.23: the owner of a critical ICT object (outside e-government) that this report
   * reaches from another party (its SOC): it owes `vulnerability_correction`. Absent when
   * the owner reports its own vulnerability, or the object is not a critical ICT object.
   */
  correctionOwedBy?: string;
}

/** Whether a vulnerability message carries the 001 п.13 information on measures (or an Annex 6 reason). */
function statesMeasures(message: Vulnerability): boolean {
  return (
    message.measuresTaken !== undefined ||
    message.notEliminated !== undefined ||
    message.eliminatedAt !== undefined
  );
}

/** The Annex 6 elimination date a production need states, while not yet eliminated. */
function plannedElimination(message: Vulnerability): string | undefined {
  const notEliminated = message.notEliminated;
  if (message.eliminatedAt !== undefined || notEliminated?.reason !== 'production_need')
    return undefined;
  return notEliminated.eliminateBy;
}

/**
 * The clocks a first vulnerability report opens (001 п.13, Annex 6):
 * - self-detected (no `scanResultsAt`): `vulnerability_report`, 24 h from `detectedAt`,
 *   satisfied by this report (late if after);
 * - found by a scan: `vulnerability_measures`, to the end of the 20th national day after
 *   `scanResultsAt`, satisfied now if the report already states the measures taken or an
 *   Annex 6 reason, else left open for a revision;
 * - a production need not eliminated: `vulnerability_elimination`, due at the end of the
 *   stated `eliminateBy` day (at most six months from detection), until it is eliminated;
 * - a report about a critical ICT object reaching its owner from its SOC (001 п.23):
 *   `vulnerability_correction`, owed by the owner, 30 calendar days from now (the end of
 *   the 30th national day after), until a version states `eliminatedAt`.
 */
export function obligationsForNewVulnerability(input: VulnerabilityMessage): Obligation[] {
  const { message } = input;
  const common = {
    subjectId: input.vulnerabilityId,
    owedBy: input.reporterId,
    nowMs: input.receivedAtMs,
    policy: input.policy,
  };
  const obligations: Obligation[] = [];
  if (message.scanResultsAt === undefined) {
    const report: OpenInput = {
      ...common,
      kind: 'vulnerability_report',
      startsAtMs: instantOf(message.detectedAt),
    };
    obligations.push(openSatisfied(report, input.messageId));
  } else {
    const measures: OpenInput = {
      ...common,
      kind: 'vulnerability_measures',
      startsAtMs: instantOf(message.scanResultsAt),
    };
    obligations.push(
      statesMeasures(message) ? openSatisfied(measures, input.messageId) : openObligation(measures),
    );
  }
  if (input.correctionOwedBy !== undefined) {
    // 001 п.23: "хабарландыру алғаннан кейін" — from when the gateway made the report
    // available to the owner (its delivery and inbox), i.e. now; never a stated time.
    const correction: OpenInput = {
      ...common,
      kind: 'vulnerability_correction',
      owedBy: input.correctionOwedBy,
      startsAtMs: input.receivedAtMs,
    };
    obligations.push(
      message.eliminatedAt === undefined
        ? openObligation(correction)
        : openSatisfied(correction, input.messageId),
    );
  }
  const planned = plannedElimination(message);
  if (planned !== undefined) {
    obligations.push(
      openObligation({
        ...common,
        kind: 'vulnerability_elimination',
        startsAtMs: instantOf(message.detectedAt),
        dueAtMs: nationalDateEndMs(planned),
      }),
    );
  }
  return obligations;
}

/**
 * How a revision of a vulnerability changes its clocks: stating the measures (or an Annex 6
 * reason, or the elimination) satisfies `vulnerability_measures`; stating it eliminated
 * satisfies `vulnerability_elimination` and `vulnerability_correction` (001 п.23); a
 * production need first stated now opens `vulnerability_elimination`. A
 * clock once open keeps its due time (a later date cannot move it). Returns only the
 * obligations that changed or opened.
 */
export function obligationsAfterVulnerabilityRevision(
  current: readonly Obligation[],
  revision: VulnerabilityMessage,
): Obligation[] {
  const { message } = revision;
  const changed: Obligation[] = [];
  const update = (obligation: Obligation | undefined) => {
    if (!obligation) return;
    const next = satisfy(obligation, revision.receivedAtMs, revision.messageId);
    if (next !== obligation) changed.push(next);
  };
  const byKind = (kind: ObligationKind) => current.find((o) => o.kind === kind);
  if (statesMeasures(message)) update(byKind('vulnerability_measures'));
  const elimination = byKind('vulnerability_elimination');
  if (message.eliminatedAt !== undefined) {
    update(elimination);
    // 001 п.23: the owner's (or its SOC's) report that the vulnerability is corrected.
    update(byKind('vulnerability_correction'));
  }
  const planned = plannedElimination(message);
  if (planned !== undefined && elimination === undefined) {
    changed.push(
      openObligation({
        kind: 'vulnerability_elimination',
        subjectId: revision.vulnerabilityId,
        owedBy: revision.reporterId,
        startsAtMs: instantOf(message.detectedAt),
        nowMs: revision.receivedAtMs,
        policy: revision.policy,
        dueAtMs: nationalDateEndMs(planned),
      }),
    );
  }
  return changed;
}
