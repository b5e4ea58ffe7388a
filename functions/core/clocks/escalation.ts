/**
 * Who hears of a miss (SPEC §2): level 1 goes to the NCC duty parties and the owing
 * SOC; an `elimination` miss also goes to the `authority` party (the National Security
 * Committee hears of incidents whose causes are not eliminated in 72 h).
 */
import type { Obligation } from './obligations.js';

export interface EscalationTargets {
  /** Parties with role `ncc`. */
  ncc: readonly string[];
  /** Parties with role `authority`. */
  authority: readonly string[];
}

/** The parties an `obligation.missed` escalation is delivered to, each once. */
export function escalationRecipients(obligation: Obligation, targets: EscalationTargets): string[] {
  const recipients = [...targets.ncc, obligation.owedBy];
  if (obligation.kind === 'elimination') recipients.push(...targets.authority);
  return [...new Set(recipients)];
}
