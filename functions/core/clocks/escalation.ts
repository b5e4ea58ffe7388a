/**
 * Who hears of a miss (docs/contract.md §2): level 1 goes to the NCC duty parties and the owing
 * SOC; an `elimination` miss also goes to the `authority` party (the National Security
 * Committee hears of incidents whose causes are not eliminated in 72 h). Level 2 goes to
 * the recipients the NCC named in its escalation settings when no NCC party acknowledged
 * level 1 in time (issue #9 item 8).
 */
import { HOUR_MS } from '../time.js';
import type { Obligation } from './obligations.js';

/** Hours level 1 may go unacknowledged before level 2, when the NCC sets none (issue #9 item 8). */
export const DEFAULT_LEVEL2_AFTER_HOURS = 24;

export interface EscalationTargets {
  /** Parties with role `ncc`. */
  ncc: readonly string[];
  /** Parties with role `authority`. */
  authority: readonly string[];
  /** Level 2: whom, and after how long without an ack of level 1 (absent when nobody is named). */
  level2?: { recipients: readonly string[]; afterMs: number };
}

/** The parties an `obligation.missed` escalation is delivered to, each once. */
export function escalationRecipients(obligation: Obligation, targets: EscalationTargets): string[] {
  const recipients = [...targets.ncc, obligation.owedBy];
  if (obligation.kind === 'elimination') recipients.push(...targets.authority);
  return [...new Set(recipients)];
}

/** An `ncc` party's escalation settings, as registered (party.schema.json `escalation`). */
export interface EscalationSettings {
  level2Recipients?: readonly string[];
  level2AfterHours?: number;
}

/**
 * Level 2 from the settings of every `ncc` party: the recipients they name (registered
 * ones, each once) and the shortest wait any of them sets — several NCC parties never
 * delay each other's ladder. Undefined when nobody is named.
 */
export function level2Of(
  nccSettings: ReadonlyArray<EscalationSettings | undefined>,
  registered: ReadonlySet<string>,
): EscalationTargets['level2'] {
  const recipients = [...new Set(nccSettings.flatMap((s) => s?.level2Recipients ?? []))].filter(
    (id) => registered.has(id),
  );
  if (recipients.length === 0) return undefined;
  const hours = nccSettings
    .map((s) => s?.level2AfterHours)
    .filter((h): h is number => h !== undefined);
  const afterHours = hours.length > 0 ? Math.min(...hours) : DEFAULT_LEVEL2_AFTER_HOURS;
  return { recipients, afterMs: afterHours * HOUR_MS };
}
