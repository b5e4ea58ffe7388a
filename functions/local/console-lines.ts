/**
 * The local console's line per delivery and per escalation (issue #14 item 8), beside
 * the access log's line per request, in the same shape: time, what, then the facts.
 *
 *   2026-11-20T05:00:01.234Z delivery dlv_01J… notice.issued soc-alpha delivered 200
 *   2026-11-20T05:15:02.001Z escalation dlv_01J… notice_ack of ntc_01J… owed by soc-alpha, level 1 → ncc-duty delivered 200
 *
 * An escalation is an `obligation.missed` delivery: every escalation, whether the sweep or
 * a request raised it, reaches its recipient (or its inbox) as one, so it gets one line.
 */
import type { DeliveryRecord } from '../core/ports/records.js';
import type { DeliveryOutcome } from '../core/use-cases/deliveries/deliver.js';

/** What became of the attempt, in a few words. */
function resultOf(outcome: DeliveryOutcome): string {
  switch (outcome.outcome) {
    case 'delivered':
      return `delivered ${outcome.status}${outcome.redriven > 0 ? ` (redrove ${outcome.redriven})` : ''}`;
    case 'skipped':
      return outcome.reason === 'no_webhook'
        ? 'inbox only (no webhook)'
        : `skipped (${outcome.reason})`;
    case 'retry':
      return `retry in ${outcome.retryAfterSeconds} s (${outcome.error})`;
    case 'scheduled':
      return `retry at ${outcome.nextAttemptAt} (${outcome.error})`;
    case 'failed':
      return `failed (${outcome.error})`;
  }
}

interface MissPayload {
  level?: unknown;
  obligation?: { kind?: unknown; subjectId?: unknown; owedBy?: unknown };
}

/** One console line for one delivery attempt. */
export function formatDeliveryLine(
  delivery: DeliveryRecord,
  outcome: DeliveryOutcome,
  at: Date = new Date(),
): string {
  const result = resultOf(outcome);
  if (delivery.event === 'obligation.missed') {
    const payload = (delivery.payload ?? {}) as MissPayload;
    const ob = payload.obligation ?? {};
    return `${at.toISOString()} escalation ${delivery.id} ${String(ob.kind ?? '?')} of ${String(ob.subjectId ?? delivery.subjectId)} owed by ${String(ob.owedBy ?? '?')}, level ${String(payload.level ?? 1)} → ${delivery.partyId} ${result}`;
  }
  return `${at.toISOString()} delivery ${delivery.id} ${delivery.event} ${delivery.partyId} ${result}`;
}
