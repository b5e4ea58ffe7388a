/**
 * How a missed obligation is announced (docs/contract.md §2), in one place for the sweep and for
 * requests that open an obligation already past due: level 1, `obligation.missed` to the
 * NCC parties and the owing SOC, and for `elimination` also to the authority; level 2,
 * `obligation.missed` with `level: 2` to the recipients the NCC named, when no NCC party
 * acknowledged level 1 in time (issue #9 item 8).
 */
import { type AuditEvent, sha256Hex } from '../audit/audit-entry.js';
import { type EscalationTargets, escalationRecipients, level2Of } from '../clocks/escalation.js';
import { type Obligation, startLadder } from '../clocks/obligations.js';
import type { DeliveryRecord, PartyRecord } from '../ports/records.js';
import { formatInstant, formatNational, instantOf } from '../time.js';
import type { GatewayDeps } from './context.js';
import { type DeliveryDraft, deliveriesFor } from './dispatch.js';

/** Payload `reason` of a deadline escalation (level 1). */
export const DEADLINE_PASSED = 'deadline_passed';
/** Payload `reason` of level 2: level 1 went unacknowledged. */
export const LEVEL1_NOT_ACKNOWLEDGED = 'level1_not_acknowledged';

/** The escalation targets among the registered parties. */
export function escalationTargetsOf(parties: readonly PartyRecord[]): EscalationTargets {
  const withRole = (role: PartyRecord['role']) =>
    parties.filter((p) => p.role === role).map((p) => p.id);
  const level2 = level2Of(
    parties.filter((p) => p.role === 'ncc').map((p) => p.escalation),
    new Set(parties.map((p) => p.id)),
  );
  return { ncc: withRole('ncc'), authority: withRole('authority'), ...(level2 ? { level2 } : {}) };
}

function missPayload(missed: Obligation, level: 1 | 2, reason: string) {
  return {
    reason,
    level,
    obligation: missed,
    subjectId: missed.subjectId,
    owedBy: missed.owedBy,
    // For the duty officer reading it: the deadline in national time (docs/contract.md §2).
    dueAtNational: formatNational(instantOf(missed.dueAt)),
  };
}

/** One level-1 `obligation.missed` delivery draft per recipient of a missed obligation. */
export function missEscalationDrafts(
  missed: Obligation,
  targets: EscalationTargets,
): DeliveryDraft[] {
  const payload = missPayload(missed, 1, DEADLINE_PASSED);
  return escalationRecipients(missed, targets).map((partyId) => ({
    partyId,
    event: 'obligation.missed' as const,
    subjectId: missed.subjectId,
    payload,
  }));
}

/**
 * Level 1 of a just-missed obligation: its deliveries, and the obligation with its
 * ladder started — the level-1 deliveries to NCC parties (whose ack stops level 2) and,
 * when the NCC named level-2 recipients, when level 2 falls due. Written together, so the
 * ladder starts exactly when level 1 goes out.
 */
export function escalateMiss(
  deps: Pick<GatewayDeps, 'newId'>,
  missed: Obligation,
  targets: EscalationTargets,
  atMs: number,
): { next: Obligation; deliveries: DeliveryRecord[] } {
  const deliveries = deliveriesFor(
    deps,
    missEscalationDrafts(missed, targets),
    formatInstant(atMs),
  );
  const ncc = new Set(targets.ncc);
  const next = startLadder(missed, {
    atMs,
    deliveries: deliveries.filter((d) => ncc.has(d.partyId)).map((d) => d.id),
    ...(targets.level2 ? { level2AfterMs: targets.level2.afterMs } : {}),
  });
  return { next, deliveries };
}

/** Level 2 of a missed obligation whose level 1 went unacknowledged: one draft per recipient. */
export function level2Drafts(missed: Obligation, recipients: readonly string[]): DeliveryDraft[] {
  const payload = {
    ...missPayload(missed, 2, LEVEL1_NOT_ACKNOWLEDGED),
    ...(missed.escalation ? { level1At: missed.escalation.level1At } : {}),
  };
  return [...new Set(recipients)].map((partyId) => ({
    partyId,
    event: 'obligation.missed' as const,
    subjectId: missed.subjectId,
    payload,
  }));
}

/**
 * Escalations for the obligations a request opened already missed (a notification
 * sent after its deadlines): written with the request, so the miss is announced
 * exactly once, now — the sweep only sees obligations that are still open. Returns
 * every obligation given (the missed ones with their ladder started) and the deliveries.
 */
export function escalateAtOpening(
  deps: Pick<GatewayDeps, 'newId'>,
  opened: readonly Obligation[],
  parties: readonly PartyRecord[],
  atMs: number,
  source: string,
): { obligations: Obligation[]; deliveries: DeliveryRecord[]; audit: AuditEvent[] } {
  if (!opened.some((o) => o.state === 'missed'))
    return { obligations: [...opened], deliveries: [], audit: [] };
  const targets = escalationTargetsOf(parties);
  const deliveries: DeliveryRecord[] = [];
  const audit: AuditEvent[] = [];
  const obligations = opened.map((o) => {
    if (o.state !== 'missed') return o;
    const escalated = escalateMiss(deps, o, targets, atMs);
    deliveries.push(...escalated.deliveries);
    // п.90-1(7): the escalation is recorded with the write that makes it, as the sweep's is.
    audit.push(level1Audit(escalated.next, escalated.deliveries, atMs, source));
    return escalated.next;
  });
  return { obligations, deliveries, audit };
}

/**
 * The audit entry of a level-1 escalation (the miss, announced to every NCC party and the
 * owing party) on the owing party's chain, in the transaction that marks the miss — the
 * sweep's, or the request's that opened the obligation already missed (`source` names it).
 */
export function level1Audit(
  missed: Obligation,
  deliveries: readonly DeliveryRecord[],
  nowMs: number,
  source: string,
): AuditEvent {
  const at = formatInstant(nowMs);
  const recipients = [...new Set(deliveries.map((d) => d.partyId))].sort();
  const detail = {
    obligationId: missed.id,
    dueAt: missed.dueAt,
    missedAt: missed.missedAt,
    deliveries: deliveries.map((d) => d.id),
  };
  return {
    partyId: missed.owedBy,
    at,
    startedAt: at,
    connectionPoint: 'gateway',
    userId: 'gateway',
    source,
    action: 'obligation.escalated',
    outcome: 'level1',
    subjectId: missed.id,
    sha256: sha256Hex(JSON.stringify(detail)),
    description: `Missed ${missed.kind} of ${missed.subjectId} (due ${missed.dueAt}) escalated to level 1: ${recipients.join(', ') || 'nobody registered'}`,
  };
}
