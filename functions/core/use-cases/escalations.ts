/**
 * How a missed obligation is announced (SPEC §2), in one place for the sweep and for
 * requests that open an obligation already past due: `obligation.missed` to the NCC
 * parties and the owing SOC, and for `elimination` also to the authority.
 */
import { type EscalationTargets, escalationRecipients } from '../clocks/escalation.js';
import type { Obligation } from '../clocks/obligations.js';
import type { PartyRecord } from '../ports/records.js';
import { formatNational, instantOf } from '../time.js';
import type { DeliveryDraft } from './dispatch.js';

/** Payload `reason` of a deadline escalation. */
export const DEADLINE_PASSED = 'deadline_passed';

/** The escalation targets among the registered parties. */
export function escalationTargetsOf(parties: readonly PartyRecord[]): EscalationTargets {
  const withRole = (role: PartyRecord['role']) =>
    parties.filter((p) => p.role === role).map((p) => p.id);
  return { ncc: withRole('ncc'), authority: withRole('authority') };
}

/** One `obligation.missed` delivery draft per recipient of a missed obligation. */
export function missEscalationDrafts(
  missed: Obligation,
  targets: EscalationTargets,
): DeliveryDraft[] {
  const payload = {
    reason: DEADLINE_PASSED,
    obligation: missed,
    subjectId: missed.subjectId,
    owedBy: missed.owedBy,
    // For the duty officer reading it: the deadline in national time (SPEC §2).
    dueAtNational: formatNational(instantOf(missed.dueAt)),
  };
  return escalationRecipients(missed, targets).map((partyId) => ({
    partyId,
    event: 'obligation.missed' as const,
    subjectId: missed.subjectId,
    payload,
  }));
}

/**
 * Escalations for the obligations a request opened already missed (a notification
 * sent after its deadlines): written with the request, so the miss is announced
 * exactly once, now — the sweep only sees obligations that are still open.
 */
export function escalationsAtOpening(
  opened: readonly Obligation[],
  parties: readonly PartyRecord[],
): DeliveryDraft[] {
  const targets = escalationTargetsOf(parties);
  return opened
    .filter((o) => o.state === 'missed')
    .flatMap((o) => missEscalationDrafts(o, targets));
}
