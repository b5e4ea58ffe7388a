/**
 * A delivery that exhausted its retries is escalated to the NCC (docs/contract.md §5: "then
 * dead-lettered and escalated"): the NCC learns that a party did not receive a
 * message, and the message itself stays in that party's pull inbox.
 */
import type { DeliveryRecord } from '../../ports/records.js';
import type { Uses } from '../context.js';
import { deliveriesFor } from '../dispatch.js';

/** Payload `reason` of an escalated delivery failure. */
export const DELIVERY_FAILED = 'delivery_failed';

/** Payload of the `obligation.missed` delivery that reports a failed delivery. */
export interface DeliveryFailedPayload {
  reason: typeof DELIVERY_FAILED;
  deliveryId: string;
  partyId: string;
  event: DeliveryRecord['event'];
  subjectId: string;
  lastError: string;
}

/** True for the escalation of a failed delivery; such failures are not escalated again. */
export function isDeliveryFailureEscalation(delivery: DeliveryRecord): boolean {
  const payload = delivery.payload;
  return (
    delivery.event === 'obligation.missed' &&
    typeof payload === 'object' &&
    payload !== null &&
    'reason' in payload &&
    payload.reason === DELIVERY_FAILED
  );
}

/**
 * The deliveries that escalate `failed`: one `obligation.missed` to every `ncc` party,
 * except the recipient whose webhook just failed (its own dead webhook cannot tell it;
 * its inbox holds the original). None for a failure that is itself such an escalation,
 * so a dead NCC webhook cannot start a loop: the NCC pulls its inbox.
 */
export async function escalationsForFailure(
  deps: Uses<'parties'>,
  failed: DeliveryRecord,
  lastError: string,
  at: string,
): Promise<DeliveryRecord[]> {
  if (isDeliveryFailureEscalation(failed)) return [];
  const parties = await deps.parties.listParties();
  const payload: DeliveryFailedPayload = {
    reason: DELIVERY_FAILED,
    deliveryId: failed.id,
    partyId: failed.partyId,
    event: failed.event,
    subjectId: failed.subjectId,
    lastError,
  };
  const drafts = parties
    .filter((p) => p.role === 'ncc' && p.id !== failed.partyId)
    .map((p) => ({
      partyId: p.id,
      event: 'obligation.missed' as const,
      subjectId: failed.subjectId,
      payload,
    }));
  return deliveriesFor(deps, drafts, at);
}
